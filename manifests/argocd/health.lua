-- Argo CD health for ec2.fleet.dev resources (Ec2Instance, SecurityGroup, SpotFleet), from their
-- conditions: Terminal -> Degraded, Ready -> Healthy, work under way -> Progressing, errors -> Degraded.
local progressing = {Launching = true, Launched = true, Updating = true, Scaling = true, Created = true,
  WaitingForSecurityGroup = true, NotYetVisible = true}
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
if c.Synced ~= nil and c.Synced.status == "False" and not progressing[c.Synced.reason] then
  return {status = "Degraded", message = c.Synced.reason .. ": " .. (c.Synced.message or "")}
end
if c.Synced ~= nil then
  hs.message = c.Synced.message or hs.message
end
return hs
