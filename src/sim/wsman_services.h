#pragma once

// The WS-Management resources of a simulated AMT 3.0+ device at /wsman:
// enough for the provisioning sequence of reference §6.3 (as MeshCentral and
// Intel's PowerShell module run it):
//   Get  AMT_SetupAndConfigurationService, AMT_GeneralSettings, CIM_SoftwareIdentity
//   Put  AMT_GeneralSettings (HostName, DomainName), AMT_TLSSettingData (Enabled)
//   Invoke AMT_SetupAndConfigurationService.{SetMEBxPassword, CommitChanges,
//          Unprovision, PartialUnprovision, SetTLSPSK, ExtendProvisioningPeriod}
//          AMT_AuthorizationService.SetAdminAclEntryEx
//          AMT_TimeSynchronizationService.{GetLowAccuracyTimeSynch, SetHighAccuracyTimeSynch}
//          AMT_PublicKeyManagementService.GenerateKeyPair
// Anything else is a WS-Man fault (ActionNotSupported / DestinationUnreachable).

#include "sim/http_types.h"

namespace openscs::sim {

class SimDevice;

HttpResponse HandleWsman(SimDevice& device, const HttpRequest& request);

}  // namespace openscs::sim
