package io.rocketexpress.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes Kubernetes Events on the resources the operator drives, so {@code kubectl describe} and
 * {@code kubectl get events} tell their story. An Event that cannot be written is logged, never fatal.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    static final String COMPONENT = "rocket-express-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public EventPublisher(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A transition that went as planned. */
    public void normal(HasMetadata subject, String reason, String message) {
        publish(subject, "Normal", reason, message);
    }

    /** Something refused or going wrong that the platform team should look at. */
    public void warning(HasMetadata subject, String reason, String message) {
        publish(subject, "Warning", reason, message);
    }

    private void publish(HasMetadata subject, String type, String reason, String message) {
        Instant now = clock.instant();
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = subject.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(subject.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli())
                            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(subject.getApiVersion())
                            .withKind(subject.getKind())
                            .withName(subject.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(subject.getMetadata().getUid())
                            .withResourceVersion(subject.getMetadata().getResourceVersion())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(time)
                    .withLastTimestamp(time)
                    .withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record %s event %s on %s %s: %s", type.toLowerCase(Locale.ROOT), reason,
                    subject.getKind(), subject.getMetadata().getName(), e.getMessage());
        }
    }
}
