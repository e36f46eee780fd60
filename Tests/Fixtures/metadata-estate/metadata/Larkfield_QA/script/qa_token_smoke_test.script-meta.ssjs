<script runat="server">
    Platform.Load("core", "1.1.1");
    var body = '{"grant_type":"client_credentials","client_id":"qkhgvdjt87hdugwzgggy2n6p",'
        + '"client_secret":"9ws5fjdFvURFwBMpf1V4EqZI"}';
    var result = HTTP.Post("https://larkfield-qa.auth.marketingcloudapis.com/v2/token", "application/json", body);
    Platform.Function.InsertData("Token_Smoke_Results", ["CheckedAt", "Status"], [Now(), result.StatusCode]);
</script>
