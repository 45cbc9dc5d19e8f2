-- Argo CD health for ec2.fleet.dev resources, from their conditions: Terminal -> Degraded, Ready -> Healthy,
-- work under way or a wait that ends by itself -> Progressing, errors and waits only a person can end -> Degraded.
-- Synced reasons of work under way, and of waits for another resource of the operator (WaitingFor<Kind>) or for an
-- earlier launch to show in EC2 (WaitingForEarlierLaunch). Not here, so Degraded: EC2's error codes, NoSpotCapacity,
-- VcpuLimitExceeded, ClusterNameChanged, NotFound (Observe), and the waits a person must end: FleetRequestActive
-- (cancel the EC2 spot fleet request) and AssociatedOutside (disassociate the address).
local progressing = {Creating = true, Created = true, Allocating = true, Launching = true, Launched = true,
  Updating = true, Scaling = true, NotYetVisible = true, WaitingForSecurityGroup = true, WaitingForKeyPair = true,
  WaitingForInstance = true, WaitingForAccount = true, WaitingForEarlierLaunch = true}
local hs = {status = "Progressing", message = "Waiting for the operator"}
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
if obj.status.observedGeneration == nil or obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "The operator has not acted on the latest spec yet"
  return hs
end
local c = {}
for _, condition in ipairs(obj.status.conditions) do
  c[condition.type] = condition
end
if c.Terminal ~= nil and c.Terminal.status == "True" then
  return {status = "Degraded", message = c.Terminal.reason .. ": " .. (c.Terminal.message or "")}
end
if c.Ready ~= nil and c.Ready.status == "True" then
  return {status = "Healthy", message = c.Ready.message or ""}
end
-- the outcome of the operator's last pass; AwsAccount has only Ready, which is False when it cannot be verified
local outcome = c.Synced or c.Ready
if outcome ~= nil and outcome.status == "False" and not progressing[outcome.reason] then
  return {status = "Degraded", message = outcome.reason .. ": " .. (outcome.message or "")}
end
if c.Synced ~= nil then
  hs.message = c.Synced.message or hs.message
end
return hs
