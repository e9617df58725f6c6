package io.rocketexpress.gateway.partner;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The partner whose API key authenticated the current request, or for whom another region's gateway made it. */
@RequestScoped
public class CallingPartner {

    private UUID id;
    private String name;
    private boolean throughPeer;

    void authenticated(UUID id, String name) {
        this.id = id;
        this.name = name;
    }

    void authenticatedThroughPeer(UUID id, String name) {
        authenticated(id, name);
        this.throughPeer = true;
    }

    /** True when another region's gateway made this request for the partner, with the network's peer key. */
    public boolean throughPeer() {
        return throughPeer;
    }

    public UUID id() {
        if (id == null) {
            throw new IllegalStateException("no partner authenticated this request");
        }
        return id;
    }

    public String name() {
        return name;
    }
}
