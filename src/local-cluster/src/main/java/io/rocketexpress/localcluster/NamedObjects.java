package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's objects by namespace and name. The stock store finds an object by comparing the request's
 * attributes with every stored object's, so a GET or a write of one object costs as much as the whole store
 * holds; a cluster with tens of thousands of objects (the operator's scale benchmark) spent its time there.
 * Kept up to date with every write the store makes (see {@link StrictCrudDispatcher#processEvent}), it narrows
 * the search to the few objects of that name, which are still matched the stock way.
 */
final class NamedObjects {

    private final Map<String, List<Map.Entry<AttributeSet, String>>> byName = new ConcurrentHashMap<>();

    /** The object stored under that key now holds this JSON. */
    void stored(AttributeSet key, String json) {
        String name = nameOf(key);
        if (name == null) {
            return;
        }
        byName.compute(name, (k, entries) -> {
            List<Map.Entry<AttributeSet, String>> updated = new ArrayList<>();
            if (entries != null) {
                entries.stream().filter(entry -> !entry.getKey().equals(key)).forEach(updated::add);
            }
            updated.add(new AbstractMap.SimpleImmutableEntry<>(key, json));
            return List.copyOf(updated);
        });
    }

    /** The object stored under that key is gone. */
    void removed(AttributeSet key) {
        String name = nameOf(key);
        if (name == null) {
            return;
        }
        byName.computeIfPresent(name, (k, entries) -> {
            List<Map.Entry<AttributeSet, String>> left = entries.stream()
                    .filter(entry -> !entry.getKey().equals(key)).toList();
            return left.isEmpty() ? null : left;
        });
    }

    void clear() {
        byName.clear();
    }

    /**
     * The stored objects the query asks for, matched the store's way; empty when the query names no object (a
     * list, a watch), for the store to search itself.
     */
    Optional<List<Map.Entry<AttributeSet, String>>> find(AttributeSet query) {
        String name = nameOf(query);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(byName.getOrDefault(name, List.of()).stream()
                .filter(entry -> entry.getKey().matches(query)).toList());
    }

    /** Namespace and name of the attributes, or null when they name no object. */
    private static String nameOf(AttributeSet attributes) {
        Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name == null || name.getValues().size() != 1) {
            return null;
        }
        Attribute namespace = attributes.getAttribute(KubernetesAttributesExtractor.NAMESPACE);
        return (namespace == null ? "" : namespace.getValues().toString()) + "/" + name.getValues().get(0);
    }
}
