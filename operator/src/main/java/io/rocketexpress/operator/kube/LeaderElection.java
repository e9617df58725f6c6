package io.rocketexpress.operator.kube;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;

/**
 * Leader election among the operator's replicas, so that a rolling upgrade or a second replica never has two
 * operators reconciling the same launches. The Quarkus Operator SDK asks for this bean only in the profiles of
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod by default): dev and test run without
 * it. The Lease lives in the operator's own namespace.
 */
public class LeaderElection {

    /**
     * The election's settings, or null when it is switched off: a {@code @Dependent} producer may answer null,
     * which the SDK takes as "no leader election".
     */
    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration leaderElection(Settings settings) {
        return configuration(settings);
    }

    static LeaderElectionConfiguration configuration(Settings settings) {
        if (!settings.enabled()) {
            return null;
        }
        // No lease namespace: the SDK takes the operator's own, where the chart grants the Lease.
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .build();
    }

    /** How the operator's replicas elect the one that reconciles. */
    @ConfigMapping(prefix = "rocketexpress.leader-election")
    public interface Settings {

        /** Whether replicas elect a leader; only one replica may run without it. */
        @WithDefault("true")
        boolean enabled();

        /** Name of the coordination.k8s.io Lease, in the operator's namespace. */
        @WithDefault("rocket-express-operator")
        String leaseName();

        /** How long a leader's lease holds without renewal before another replica may take over. */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leading. */
        @WithDefault("PT10S")
        Duration renewDeadline();

        /** How often the replicas try to acquire or renew the lease. */
        @WithDefault("PT2S")
        Duration retryPeriod();
    }
}
