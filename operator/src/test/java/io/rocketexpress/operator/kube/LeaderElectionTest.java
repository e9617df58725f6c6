package io.rocketexpress.operator.kube;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderElectionTest {

    @Test
    void replicasCompeteForTheConfiguredLeaseInTheirOwnNamespace() {
        LeaderElectionConfiguration election = LeaderElection.configuration(settings(true));

        assertThat(election.getLeaseName()).isEqualTo("rocket-express-operator");
        assertThat(election.getLeaseNamespace()).isEmpty();
        assertThat(election.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(election.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(election.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void switchedOffTheSdkGetsNoElectionAndRunsEveryReplicaAsLeader() {
        assertThat(LeaderElection.configuration(settings(false))).isNull();
    }

    private static LeaderElection.Settings settings(boolean enabled) {
        return new LeaderElection.Settings() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String leaseName() {
                return "rocket-express-operator";
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration renewDeadline() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration retryPeriod() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
