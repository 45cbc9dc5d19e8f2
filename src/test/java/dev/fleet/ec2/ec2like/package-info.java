/**
 * An EC2 that behaves like EC2, in front of the emulator. moto is strongly consistent, ignores client
 * tokens and never fails by itself; {@link dev.fleet.ec2.ec2like.Ec2LikeServer} sits between the AWS
 * SDK (endpoint override) and moto on loopback and adds, for EC2 Query calls only (form body with
 * {@code Version=2016-11-15}; SQS, IAM and {@code /moto-api/} pass through untouched):
 *
 * <ul>
 *   <li>client tokens on RunInstances (on by default): the same token and parameters get the first
 *       successful answer again without a launch; other parameters get 400 IdempotentParameterMismatch;
 *       a failed first call records nothing; calls with one token run one at a time;</li>
 *   <li>a visibility delay: new instances (RunInstances) and groups (CreateSecurityGroup) are left out of
 *       DescribeInstances / DescribeSecurityGroups answers, and calls naming them (InstanceId[.N],
 *       ResourceId.N, GroupId[.N], SecurityGroupId.N, also nested) get 400 InvalidInstanceID.NotFound /
 *       InvalidGroup.NotFound until {@code created + delay};</li>
 *   <li>random faults from one seed: latency, 503 RequestLimitExceeded, 500 InternalError or 503
 *       Unavailable, a connection closed without an answer, and for writes that reached moto a lost answer
 *       (500 InternalError after moto acted). A replayed client token does not roll for a lost answer;</li>
 *   <li>scripted faults (the next N calls of an action; every call until healed), as the e2e tests'
 *       {@code FaultInjectingProxy} had them;</li>
 *   <li>revoked access keys, for every service (STS too): a request signed with one is refused before
 *       anything else (EC2 401 AuthFailure, STS and other Query APIs 403 InvalidClientTokenId, JSON services
 *       400 UnrecognizedClientException) until the key is restored, and counted per key and action.</li>
 * </ul>
 *
 * <p>CLI: {@code java -cp target/test-classes dev.fleet.ec2.ec2like.Ec2LikeServer --target=http://127.0.0.1:PORT
 * [--port=0] [--seed=N] [--visibility-delay=2s] [--throttle-rate=0.2] [--server-error-rate=0.05]
 * [--reset-rate=0.01] [--lost-answer-rate=0.01] [--latency-ms=0-50] [--max-lifetime=30m] [--max-requests=N]}
 * prints {@code EC2LIKE_ENDPOINT=http://127.0.0.1:<port> seed=<seed>} once listening; exit 2 on bad
 * arguments. {@code GET /_ec2like/stats} answers, keys sorted:
 * <pre>{"faults":{"latency-ms":0,"lost-answer":0,"reset":0,"scripted":0,"server-error":0,"throttle":0},
 * "faults-enabled":true,"hidden-not-found":0,"passed-through":0,"requests":{"RunInstances":1},"seed":42,
 * "token-mismatches":0,"token-replays":0}</pre>
 * and {@code POST /_ec2like/faults?enabled=false|true} switches random faults and the visibility delay.
 *
 * <p>A client on the JDK's {@code HttpURLConnection} (the SDK's URLConnection client, as the operator
 * uses) resends a POST once by itself when the connection closes before an answer; each closed connection
 * counts as one reset, so such a client sees an I/O error only when two resets come in a row.
 */
package dev.fleet.ec2.ec2like;
