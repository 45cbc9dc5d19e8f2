package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Desired state of a spot fleet. Field names follow EC2's spot-fleet request configuration in camelCase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.onDemandTargetCapacity) || self.onDemandTargetCapacity <= self.targetCapacity",
    message = "onDemandTargetCapacity cannot exceed targetCapacity")
@ValidationRule(value = "has(self.region) == has(oldSelf.region) && (!has(self.region) || self.region == oldSelf.region)",
    message = "region is immutable: delete and recreate the SpotFleet to change it")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef) && (!has(self.accountRef) || self.accountRef.name == oldSelf.accountRef.name)",
    message = "accountRef is immutable: delete and recreate the SpotFleet to change it")
@ValidationRule(value = "self.managementPolicy == oldSelf.managementPolicy || self.managementPolicy == 'Manage'",
    message = "managementPolicy can change from Observe to Manage only: to stop managing a fleet, delete the"
        + " resource with deletionPolicy Retain")
public class SpotFleetSpec {

  @Default("Manage")
  @JsonPropertyDescription("Manage: launch, replace, scale, delete. Observe: only read the spot fleet request named"
      + " by the annotation ec2.fleet.dev/adopt-fleet-request-id (one made with aws ec2 request-spot-fleet; an"
      + " administrator allows it per namespace, as adoption): status counts its members as EC2 lists them, what"
      + " differs from this spec is reported in the InSync condition and never repaired, nothing is tagged, and"
      + " deleting the resource leaves EC2 alone. Observe can change to Manage, which adopts the request's members"
      + " once the request is cancelled keeping its instances; not back.")
  private ManagementPolicy managementPolicy;

  @JsonPropertyDescription("Weekly windows in which the fleet holds its target capacity; outside them it holds none"
      + " (its members are terminated, and launched again at the next window's start).")
  private RunSchedule schedule;

  public RunSchedule getSchedule() {
    return schedule;
  }

  public void setSchedule(RunSchedule schedule) {
    this.schedule = schedule;
  }

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  @JsonPropertyDescription("The AwsAccount to act in; default: the namespace's (annotation ec2.fleet.dev/account), else"
      + " the operator's own credentials. Immutable.")
  private AccountRef accountRef;

  public AccountRef getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(AccountRef accountRef) {
    this.accountRef = accountRef;
  }


  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @JsonPropertyDescription("The AWS region the fleet's instances run in; default: the operator's region. Immutable.")
  private String region;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  @Required
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("Target capacity in units, counted by each launch specification's weightedCapacity.")
  private Integer targetCapacity;

  @Min(0)
  @JsonPropertyDescription("Part of the target held as on-demand instances.")
  private Integer onDemandTargetCapacity;

  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription("Highest price per unit-hour for the fleet, in USD.")
  private String spotPrice;

  @Default("priceCapacityOptimized")
  @JsonPropertyDescription("lowestPrice, diversified, capacityOptimized or priceCapacityOptimized.")
  private AllocationStrategy allocationStrategy;

  @Default("maintain")
  @JsonPropertyDescription("maintain: replace lost capacity. request: launch once, never replace.")
  private FleetType type;

  @Default("default")
  @JsonPropertyDescription("On scale-down: default terminates the surplus, noTermination keeps it.")
  private ExcessCapacityTerminationPolicy excessCapacityTerminationPolicy;

  @Default("terminate")
  @JsonPropertyDescription("What EC2 does to an interrupted spot instance: terminate, stop or hibernate.")
  private InstanceMarket.InterruptionBehavior instanceInterruptionBehavior;

  @Default("none")
  @JsonPropertyDescription("On a rebalance recommendation: none, launch (a replacement, keeping the old one) or"
      + " launchBeforeTerminate (then terminate the old one after terminationDelaySeconds).")
  private CapacityRebalance capacityRebalance;

  @Min(120)
  @Max(7200)
  @JsonPropertyDescription("For launchBeforeTerminate: seconds between the replacement and the termination.")
  private Integer terminationDelaySeconds;

  @JsonPropertyDescription("Fill the spot part with on-demand instances while spot cannot be had; give them back"
      + " when it can.")
  private Boolean onDemandFallback;

  @JsonPropertyDescription("Accepted for compatibility with EC2 spot-fleet requests; recorded, not needed.")
  private String iamFleetRole;

  @Required
  @Size(min = 1, max = 50)
  @ValidationRule(value = "self == oldSelf", message = "launchSpecifications are immutable: create a new SpotFleet"
      + " (or delete and recreate this one) to change what it launches; targetCapacity can change at any time")
  @JsonPropertyDescription("The instance pools the fleet may launch into. Immutable.")
  private List<LaunchSpecification> launchSpecifications;

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on every fleet instance, besides the operator's ownership tags.")
  private Map<String, String> tags;

  @Default("Delete")
  @JsonPropertyDescription("What deleting the resource does: Delete terminates every fleet instance, Retain leaves"
      + " them without the operator's tags.")
  private DeletionPolicy deletionPolicy;

  /** EC2's allocation strategies. */
  public enum AllocationStrategy { lowestPrice, diversified, capacityOptimized, priceCapacityOptimized }

  /** maintain or request. */
  public enum FleetType { maintain, request }

  /** What scale-down does to the surplus. */
  public enum ExcessCapacityTerminationPolicy {
    @JsonProperty("default") DEFAULT,
    @JsonProperty("noTermination") NO_TERMINATION
  }

  /** Reactions to rebalance recommendations. */
  public enum CapacityRebalance { none, launch, launchBeforeTerminate }

  public Integer getTargetCapacity() {
    return targetCapacity;
  }

  public void setTargetCapacity(Integer targetCapacity) {
    this.targetCapacity = targetCapacity;
  }

  public Integer getOnDemandTargetCapacity() {
    return onDemandTargetCapacity;
  }

  public void setOnDemandTargetCapacity(Integer onDemandTargetCapacity) {
    this.onDemandTargetCapacity = onDemandTargetCapacity;
  }

  public String getSpotPrice() {
    return spotPrice;
  }

  public void setSpotPrice(String spotPrice) {
    this.spotPrice = spotPrice;
  }

  public AllocationStrategy getAllocationStrategy() {
    return allocationStrategy;
  }

  public void setAllocationStrategy(AllocationStrategy allocationStrategy) {
    this.allocationStrategy = allocationStrategy;
  }

  public FleetType getType() {
    return type;
  }

  public void setType(FleetType type) {
    this.type = type;
  }

  public ExcessCapacityTerminationPolicy getExcessCapacityTerminationPolicy() {
    return excessCapacityTerminationPolicy;
  }

  public void setExcessCapacityTerminationPolicy(ExcessCapacityTerminationPolicy policy) {
    this.excessCapacityTerminationPolicy = policy;
  }

  public InstanceMarket.InterruptionBehavior getInstanceInterruptionBehavior() {
    return instanceInterruptionBehavior;
  }

  public void setInstanceInterruptionBehavior(InstanceMarket.InterruptionBehavior behavior) {
    this.instanceInterruptionBehavior = behavior;
  }

  public CapacityRebalance getCapacityRebalance() {
    return capacityRebalance;
  }

  public void setCapacityRebalance(CapacityRebalance capacityRebalance) {
    this.capacityRebalance = capacityRebalance;
  }

  public Integer getTerminationDelaySeconds() {
    return terminationDelaySeconds;
  }

  public void setTerminationDelaySeconds(Integer terminationDelaySeconds) {
    this.terminationDelaySeconds = terminationDelaySeconds;
  }

  public Boolean getOnDemandFallback() {
    return onDemandFallback;
  }

  public void setOnDemandFallback(Boolean onDemandFallback) {
    this.onDemandFallback = onDemandFallback;
  }

  public String getIamFleetRole() {
    return iamFleetRole;
  }

  public void setIamFleetRole(String iamFleetRole) {
    this.iamFleetRole = iamFleetRole;
  }

  public List<LaunchSpecification> getLaunchSpecifications() {
    return launchSpecifications;
  }

  public void setLaunchSpecifications(List<LaunchSpecification> launchSpecifications) {
    this.launchSpecifications = launchSpecifications;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
