package io.rocketexpress.gateway.launch;

/**
 * The schedule watch took in a change of a Launch (added, updated, deleted, or resynced): the flight table holds
 * it by the time this is fired, asynchronously, so what shows the schedule can read it again.
 *
 * @param launch the Launch's name
 */
public record ScheduleChanged(String launch) {
}
