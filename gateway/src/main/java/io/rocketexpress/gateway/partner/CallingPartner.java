package io.rocketexpress.gateway.partner;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The partner whose API key authenticated the current request. */
@RequestScoped
public class CallingPartner {

    private UUID id;
    private String name;

    void authenticated(UUID id, String name) {
        this.id = id;
        this.name = name;
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
