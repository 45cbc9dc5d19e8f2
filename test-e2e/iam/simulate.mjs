// Evaluates requests against an IAM policy with @cloud-copilot/iam-simulate (tests only).
// Usage: IAM_SIMULATE_HOME=<folder with node_modules> node simulate.mjs < input.json
// input: {"policy": {...}, "requests": [{"action": "ec2:TerminateInstances", "resource": "arn:...",
//          "context": {"aws:ResourceTag/k": "v", "aws:TagKeys": ["k"]}}]}
// Prints one line per request: Allowed, ImplicitlyDenied, ExplicitlyDenied or Error <why>; context keys the
// simulator dropped as not applicable to the action are reported on stderr (a typo would hide there).
import { createRequire } from 'node:module'
import path from 'node:path'

const home = process.env.IAM_SIMULATE_HOME
if (!home) {
  console.error('IAM_SIMULATE_HOME is not set (test-e2e/tools.sh iam installs the simulator)')
  process.exit(2)
}
const require = createRequire(path.join(home, 'package.json'))
const { runSimulation } = require('@cloud-copilot/iam-simulate')

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))

for (const [i, req] of input.requests.entries()) {
  const parts = String(req.resource).split(':')
  const account = /^\d{12}$/.test(parts[4] || '') ? parts[4] : '123456789012'
  const result = await runSimulation({
    identityPolicies: [{ name: 'operator', policy: input.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    request: {
      principal: `arn:aws:iam::${account}:role/ec2-fleet-operator`,
      action: req.action,
      resource: { resource: req.resource, accountId: account },
      contextVariables: req.context || {}
    }
  }, {})
  if (result.resultType === 'error') {
    console.log('Error ' + JSON.stringify(result.errors))
    continue
  }
  console.log(result.overallResult)
  const ignored = result.result?.ignoredContextKeys || []
  if (ignored.length) console.error(`request ${i}: ignored context keys ${ignored.join(', ')}`)
}
