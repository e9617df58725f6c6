package io.rocketexpress.sandbox;

import java.util.List;

/** A spaceport region of the sandbox: its name, its tracking-number code. */
public record Region(String name, String code) {

    public static final Region HANGZHOU = new Region("hangzhou", "HGH");
    public static final Region DUBAI = new Region("dubai", "DXB");
    public static final Region LIEGE = new Region("liege", "LGG");

    /** The regions the sandbox runs, in the order their ports are given out. */
    public static final List<Region> ALL = List.of(HANGZHOU, DUBAI, LIEGE);

    /** Name of the Secret, in every other region's cluster, that holds this region's kubeconfig. */
    String kubeconfigSecret() {
        return "region-" + name;
    }
}
