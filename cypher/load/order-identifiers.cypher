// Creates the shared-identifier nodes a batch of orders points at, once per distinct value,
// so the order writes below only need index seeks.
// $devices, $ips, $addresses, $trackings: [string]
CALL () { UNWIND $devices AS id MERGE (:Device {id: id}) }
CALL () { UNWIND $ips AS id MERGE (:IP {id: id}) }
CALL () { UNWIND $addresses AS id MERGE (:Address {id: id}) }
CALL () { UNWIND $trackings AS id MERGE (:Tracking {id: id}) }
