package io.rocketexpress.operator.region;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.Map;
import java.util.Optional;

/** Settings of one region's operator; environment variables override them (ROCKETEXPRESS_OPERATOR_REGION, ...). */
@ConfigMapping(prefix = "rocketexpress")
public interface OperatorConfig {

    Operator operator();

    /** Every region of the network by name, this one included. */
    Map<String, RegionSettings> regions();

    interface Operator {

        /** Name of the region whose cluster this operator runs in. */
        @NotBlank
        String region();
    }

    interface RegionSettings {

        /** Three-letter code of the region (tracking numbers carry it). */
        @Pattern(regexp = "[A-Z]{3}")
        String code();

        /**
         * Namespace of the region's cluster holding Vehicles, Launches and Jobs. This region's defaults to
         * the namespace the operator runs in, another region's to rocket-express.
         */
        Optional<String> namespace();

        /** Secret, in the operator's namespace, holding a kubeconfig for another region's cluster. */
        Optional<String> kubeconfigSecret();

        /** Key of that Secret's data holding the kubeconfig. */
        @WithDefault("kubeconfig")
        String kubeconfigKey();
    }
}
