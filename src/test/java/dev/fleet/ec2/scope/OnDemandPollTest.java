package dev.fleet.ec2.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A poll only one kind needs (key pairs, addresses) runs while a resource of that kind uses the scope. */
class OnDemandPollTest {
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final Ec2Scopes scopes = TestScopes.over(k -> ec2, "c1", "us-east-1", Clock.systemUTC());
  private final ScopeKey home = ScopeKey.own("us-east-1");

  private static <R extends HasMetadata> R named(R resource, String name) {
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    return resource;
  }

  @Test
  void aKindsOwnPollPausesWithItsLastUserAndStartsAgainWithTheNext() {
    scopes.start();
    KeyPair a = named(new KeyPair(), "a");
    KeyPair b = named(new KeyPair(), "b");
    Ec2Instance other = named(new Ec2Instance(), "web");
    Ec2Scope scope = scopes.use(home, a);
    scopes.use(home, b);
    scopes.use(home, other);
    Awaitility.await("polled once asked").atMost(Duration.ofSeconds(10)).until(() -> scope.keyPairs().loaded());

    scopes.release(a);
    assertThat(scope.polling(KeyPair.class)).as("another KeyPair still uses it").isTrue();
    scopes.release(other);
    assertThat(scope.polling(KeyPair.class)).as("an instance leaving changes nothing for key pairs").isTrue();
    scopes.release(b);
    assertThat(scope.polling(KeyPair.class)).as("paused with its last KeyPair").isFalse();
    long calls = ec2.calls().stream().filter("DescribeKeyPairs"::equals).count();

    scopes.use(home, named(new KeyPair(), "c"));
    Awaitility.await("polled again for the next KeyPair, afresh").atMost(Duration.ofSeconds(10))
        .until(() -> scope.keyPairs().loaded());
    assertThat(scope.polling(KeyPair.class)).isTrue();
    assertThat(ec2.calls().stream().filter("DescribeKeyPairs"::equals).count()).as("a new poll, not the old view")
        .isGreaterThan(calls);
    scopes.close();
  }
}
