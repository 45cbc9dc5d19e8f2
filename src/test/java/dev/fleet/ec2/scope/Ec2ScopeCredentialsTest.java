package dev.fleet.ec2.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In the steady state a scope's polls are all that asks EC2: when EC2 refuses one for its credentials, the
 * AwsAccount hears of it (as from a resource's call); other failures, and the operator's own scope, tell nobody.
 */
class Ec2ScopeCredentialsTest {
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final List<String> told = new ArrayList<>();
  private final Ec2Scopes scopes = TestScopes.over(key -> ec2, "c1", "us-east-1", Clock.systemUTC(), told::add);

  @Test
  void aPollRefusedForTheCredentialsTellsTheAccount() {
    Ec2Scope scope = scopes.use(new ScopeKey("team-b", "us-east-1", new AccountAccess.SecretKeys("keys")),
        instance("web"));
    for (String code : List.of("AuthFailure", "HTTP401")) {
      ec2.failNext(failure("DescribeInstances", code));
      TestScopes.pollOnce(scope);
    }
    ec2.failNext(failure("DescribeSecurityGroups", "ExpiredToken"));
    TestScopes.pollOnce(scope);
    assertThat(told).containsExactly("team-b", "team-b", "team-b");

    ec2.failNext(failure("DescribeInstances", "RequestLimitExceeded"));
    TestScopes.pollOnce(scope);
    ec2.failNext(failure("DescribeInstances", "AuthFailure"));
    TestScopes.pollOnce(scopes.home());
    assertThat(told).as("throttling, and the operator's own credentials, are no account's business").hasSize(3);
  }

  private static CloudException failure(String action, String code) {
    return new CloudException(Ec2ErrorTable.kindOf(code, 401), action, code, "refused", null);
  }

  private static Ec2Instance instance(String name) {
    var i = new Ec2Instance();
    i.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-b").build());
    return i;
  }
}
