package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueryRequestTest {

  private static QueryRequest ec2(String form) {
    return QueryRequest.parseEc2("POST", form.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @Test
  void onlyEc2sApiVersionIsEc2() {
    assertThat(QueryRequest.parseEc2("POST", "Action=ListRoles&Version=2010-05-08".getBytes())).isEmpty();
    assertThat(QueryRequest.parseEc2("POST", "{\"QueueName\":\"q\"}".getBytes())).isEmpty();
    assertThat(QueryRequest.parseEc2("GET", "Action=DescribeInstances&Version=2016-11-15".getBytes())).isEmpty();
    assertThat(QueryRequest.parseEc2("POST", "Action=Describe%zz&Version=2016-11-15".getBytes())).isEmpty();
    assertThat(ec2("Action=DescribeInstances&Version=2016-11-15").isWrite()).isFalse();
    assertThat(ec2("Action=GetConsoleOutput&Version=2016-11-15").isWrite()).isFalse();
    assertThat(ec2("Action=CreateTags&Version=2016-11-15").isWrite()).isTrue();
  }

  @Test
  void namedIdsAreReferencesButFilterValuesAreNot() {
    var call = ec2("Action=RunInstances&Version=2016-11-15&ImageId=ami-1&SecurityGroupId.1=sg-1"
        + "&NetworkInterface.1.SecurityGroupId.1=sg-2&Filter.1.Name=instance-id&Filter.1.Value.1=i-9"
        + "&IpPermissions.1.Groups.1.GroupId=sg-3&InstanceId=i-1&ResourceId.2=i-2&ClientToken=t%2B1");
    assertThat(call.referencedIds()).containsExactly("sg-1", "sg-2", "sg-3", "i-1", "i-2");
    assertThat(call.param("ClientToken")).hasValue("t+1");
  }

  @Test
  void theTokensCallIsEveryOtherParameterInAnyOrder() {
    String a = ec2("Action=RunInstances&Version=2016-11-15&MinCount=1&MaxCount=1&ClientToken=x").canonicalWithout("ClientToken");
    String b = ec2("Action=RunInstances&ClientToken=y&MaxCount=1&Version=2016-11-15&MinCount=1").canonicalWithout("ClientToken");
    String c = ec2("Action=RunInstances&Version=2016-11-15&MinCount=1&MaxCount=2&ClientToken=x").canonicalWithout("ClientToken");
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }
}
