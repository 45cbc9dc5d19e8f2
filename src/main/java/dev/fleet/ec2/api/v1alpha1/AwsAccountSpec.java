package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** One way to act in the account (exactly one of assumeRole, profile, secretRef), and who may use it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.assumeRole) ? 1 : 0) + (has(self.profile) ? 1 : 0) + (has(self.secretRef) ? 1 : 0) == 1",
    message = "set exactly one of assumeRole, profile and secretRef")
public class AwsAccountSpec {

  @JsonPropertyDescription("Assume this IAM role from the operator's own credentials (recommended).")
  private AssumeRole assumeRole;

  @JsonPropertyDescription("A named profile of the AWS config and credentials files mounted into the operator"
      + " (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), as `aws --profile NAME` uses it.")
  private Profile profile;

  @JsonPropertyDescription("A Secret in the operator's namespace with static keys aws_access_key_id and"
      + " aws_secret_access_key (and optionally aws_session_token). For testing: long-lived keys cannot be"
      + " scoped in time, and rotating them means editing the Secret.")
  private SecretRef secretRef;

  @Required
  @JsonPropertyDescription("The namespaces whose resources may act in this account: listed by name, or"
      + " selected by their labels (either matches). Others get Terminal, reason AccountNotAllowed.")
  private AllowedNamespaces allowedNamespaces;

  @Size(max = 40)
  @ValidationRule(value = "self.all(q, self.exists_one(o, o.region == q.region))",
      message = "one interruption queue per region: a region is named twice")
  @JsonPropertyDescription("The SQS queues EventBridge delivers this account's EC2 interruption events to, one per"
      + " region (EventBridge delivers an account's events only in their own region). Read with the account's"
      + " credentials while a resource acts in that region.")
  private List<InterruptionQueue> interruptionQueues;

  public List<InterruptionQueue> getInterruptionQueues() {
    return interruptionQueues;
  }

  public void setInterruptionQueues(List<InterruptionQueue> interruptionQueues) {
    this.interruptionQueues = interruptionQueues;
  }

  public AssumeRole getAssumeRole() {
    return assumeRole;
  }

  public void setAssumeRole(AssumeRole assumeRole) {
    this.assumeRole = assumeRole;
  }

  public Profile getProfile() {
    return profile;
  }

  public void setProfile(Profile profile) {
    this.profile = profile;
  }

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public AllowedNamespaces getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(AllowedNamespaces allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  /** An IAM role to assume with STS AssumeRole; credentials are refreshed before they expire. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AssumeRole {
    @Required
    @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
    @JsonPropertyDescription("The role's ARN.")
    private String roleArn;

    @Size(min = 2, max = 1224)
    @JsonPropertyDescription("The external id the role's trust policy asks for, if any.")
    private String externalId;

    @Pattern("^[\\w+=,.@-]{2,64}$")
    @JsonPropertyDescription("The role session name, shown in CloudTrail; default: ec2-fleet-operator.")
    private String sessionName;

    @Min(900)
    @Max(43200)
    @JsonPropertyDescription("Seconds each set of credentials lasts (900 to the role's maximum); default 3600.")
    private Integer durationSeconds;

    public String getRoleArn() {
      return roleArn;
    }

    public void setRoleArn(String roleArn) {
      this.roleArn = roleArn;
    }

    public String getExternalId() {
      return externalId;
    }

    public void setExternalId(String externalId) {
      this.externalId = externalId;
    }

    public String getSessionName() {
      return sessionName;
    }

    public void setSessionName(String sessionName) {
      this.sessionName = sessionName;
    }

    public Integer getDurationSeconds() {
      return durationSeconds;
    }

    public void setDurationSeconds(Integer durationSeconds) {
      this.durationSeconds = durationSeconds;
    }
  }

  /** A named profile of the mounted AWS config and credentials files. */
  public static class Profile {
    @Required
    @Pattern("^[\\w+=,.@-]{1,64}$")
    @JsonPropertyDescription("The profile name: [profile NAME] in the config file, [NAME] in the credentials file.")
    private String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** A Secret in the operator's own namespace. */
  public static class SecretRef {
    @Required
    @JsonPropertyDescription("The Secret's name.")
    private String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** Namespaces by name or by label selector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AllowedNamespaces {
    @JsonPropertyDescription("Namespace names.")
    private List<String> names;

    @JsonPropertyDescription("A label selector on namespaces.")
    private LabelSelector selector;

    public List<String> getNames() {
      return names;
    }

    public void setNames(List<String> names) {
      this.names = names;
    }

    public LabelSelector getSelector() {
      return selector;
    }

    public void setSelector(LabelSelector selector) {
      this.selector = selector;
    }
  }

  /** The queue of one region. */
  public static class InterruptionQueue {
    @Required
    @Size(max = 32)
    @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
    @JsonPropertyDescription("The region whose events the queue receives, for example eu-west-1.")
    private String region;

    @Required
    @Size(max = 1024)
    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("The queue URL, for example https://sqs.eu-west-1.amazonaws.com/222222222222/interruptions.")
    private String url;

    public InterruptionQueue() {}

    public InterruptionQueue(String region, String url) {
      this.region = region;
      this.url = url;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }
  }
}
