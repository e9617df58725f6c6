package io.rocketexpress.gateway.pages;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

/** The language a page is shown in: the visitor's preferred one among those the pages have a translation for. */
@ApplicationScoped
public class PageLocale {

    private final List<Locale> supported;

    PageLocale(@ConfigProperty(name = "quarkus.locales", defaultValue = "en") List<Locale> supported) {
        this.supported = supported.isEmpty() ? List.of(Locale.ENGLISH) : List.copyOf(supported);
    }

    /** The best of the supported languages for an {@code Accept-Language} header; the first one otherwise. */
    public Locale pick(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale found = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), supported);
                if (found != null) {
                    return found;
                }
            } catch (IllegalArgumentException malformed) {
                // A header that does not parse gets the default language.
            }
        }
        return supported.get(0);
    }
}
