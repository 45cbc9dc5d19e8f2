package dev.fleet.ec2.cloud;

/**
 * A spot fleet request EC2 runs (one made with {@code aws ec2 request-spot-fleet}, not by the operator), as
 * DescribeSpotFleetRequests reports it: what a SpotFleet with managementPolicy Observe reads.
 *
 * @param state submitted, active, modifying, cancelled_running, cancelled_terminating, cancelled, failed
 * @param allocationStrategy as EC2 names it (lowestPrice, diversified, capacityOptimized, ...), or null
 */
public record ObservedSpotFleetRequest(String requestId, String state, int targetCapacity, String allocationStrategy) {

  /** Whether EC2 still maintains its capacity: then a second controller of its instances would fight it. */
  public boolean active() {
    return state != null && !state.startsWith("cancelled") && !"failed".equals(state);
  }
}
