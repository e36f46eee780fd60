<script runat="server">
    Platform.Load("core", "1.1.1");
    // Keep the table small enough for LookupRows in the shipping email.
    var cutoff = DateAdd(Now(), -60, "D");
    var deleted = Platform.Function.DeleteData("Shipment_Events", ["ShippedBefore"], [cutoff]);
</script>
