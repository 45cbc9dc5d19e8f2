package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Ec2ResponseXmlTest {
  private static final String NS = " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"";

  private static String instance(String id) {
    return "<item><instanceId>" + id + "</instanceId><groupSet><item><groupId>sg-1</groupId></item></groupSet></item>";
  }

  private static String reservation(String id, String... instances) {
    return "<item><reservationId>" + id + "</reservationId><instancesSet>" + String.join("", instances)
        + "</instancesSet></item>";
  }

  private static byte[] bytes(String xml) {
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dropsHiddenInstancesAndTheReservationsTheyLeaveEmpty() {
    byte[] answer = bytes("<?xml version=\"1.0\"?><DescribeInstancesResponse" + NS + "><reservationSet>"
        + reservation("r-1", instance("i-hidden")) + reservation("r-2", instance("i-2"), instance("i-hidden2"))
        + "</reservationSet><requestId>x</requestId></DescribeInstancesResponse>");
    String out = new String(Ec2ResponseXml.withoutInstances(answer, Set.of("i-hidden", "i-hidden2")::contains)
        .orElseThrow(), StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("i-hidden", "r-1").contains("r-2", "<instanceId>i-2</instanceId>", NS.trim());
    assertThat(Ec2ResponseXml.withoutInstances(answer, id -> false)).as("nothing hidden: the bytes stay").isEmpty();
  }

  @Test
  void aGroupIsKnownByItsOwnIdNotByTheGroupsItsRulesName() {
    byte[] answer = bytes("<DescribeSecurityGroupsResponse" + NS + "><securityGroupInfo>"
        + "<item><groupId>sg-new</groupId></item>"
        + "<item><groupId>sg-old</groupId><ipPermissions><item><groups><item><groupId>sg-new</groupId></item>"
        + "</groups></item></ipPermissions></item></securityGroupInfo></DescribeSecurityGroupsResponse>");
    String out = new String(Ec2ResponseXml.withoutGroups(answer, "sg-new"::equals).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(out).contains("<groupId>sg-old</groupId>", "<groupId>sg-new</groupId></item></groups>");
    assertThat(out.split("sg-new", -1)).as("only the rule's reference is left").hasSize(2);
  }

  @Test
  void readsWhatACallCreated() {
    byte[] run = bytes("<RunInstancesResponse" + NS + "><reservationId>r-1</reservationId><instancesSet>"
        + instance("i-1") + instance("i-2") + "</instancesSet></RunInstancesResponse>");
    assertThat(Ec2ResponseXml.launchedInstanceIds(run)).containsExactly("i-1", "i-2");
    byte[] group = bytes("<CreateSecurityGroupResponse" + NS + "><groupId>sg-9</groupId></CreateSecurityGroupResponse>");
    assertThat(Ec2ResponseXml.createdGroupId(group)).hasValue("sg-9");
    assertThat(Ec2ResponseXml.launchedInstanceIds(bytes("not xml"))).isEmpty();
  }
}
