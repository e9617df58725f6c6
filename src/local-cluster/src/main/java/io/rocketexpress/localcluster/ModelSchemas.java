package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenAPI schemas of built-in kinds, read from fabric8's model classes: each class a schema named as the API
 * server names it ({@code io.k8s.api.batch.v1.Job}), its Jackson properties typed, nested classes by
 * reference. The model carries no documentation, so a few fields everyone reads get the API server's
 * descriptions and the rest none; the field names and types, which validation needs, are all there.
 */
final class ModelSchemas {

    static final String REF_PREFIX = "#/components/schemas/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry",
            "LabelSelector", "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause",
            "MicroTime", "Time", "FieldsV1", "DeleteOptions", "Preconditions");

    /** The API server's descriptions of the fields of every object. */
    static final Map<String, String> COMMON_DESCRIPTIONS = Map.of(
            "apiVersion", "APIVersion defines the versioned schema of this representation of an object. Servers should "
                    + "convert recognized schemas to the latest internal value, and may reject unrecognized values.",
            "kind", "Kind is a string value representing the REST resource this object represents. Servers may infer "
                    + "this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.",
            "metadata", "Standard object's metadata.",
            "spec", "Specification of the desired behavior of the object.",
            "status", "Current status of the object. Populated by the system. Read-only.",
            "name", "Name must be unique within a namespace. Is required when creating resources.",
            "namespace", "Namespace defines the space within which each name must be unique.",
            "labels", "Map of string keys and values that can be used to organize and categorize (scope and select) objects.",
            "annotations", "Annotations is an unstructured key value map stored with a resource that may be set by "
                    + "external tools to store and retrieve arbitrary metadata.");

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    /** Adds the schema of {@code type} and of every class it reaches; answers its name. */
    String add(Class<?> type) {
        return define(JSON.constructType(type));
    }

    /** Every schema added so far, by name. */
    Map<String, ObjectNode> schemas() {
        return schemas;
    }

    static String nameOf(Class<?> type) {
        String qualified = type.getName();
        String simple = type.getSimpleName();
        if (!qualified.startsWith(MODEL_PACKAGE)) {
            return qualified;
        }
        String subPackage = qualified.substring(MODEL_PACKAGE.length(), qualified.length() - simple.length());
        if (subPackage.isEmpty()) {
            return META_TYPES.contains(simple) ? META + simple : "io.k8s.api.core.v1." + simple;
        }
        String group = subPackage.substring(0, subPackage.length() - 1);
        return "io.k8s.api." + (group.contains(".v") ? group : group + ".v1") + "." + simple;
    }

    private String define(JavaType type) {
        String name = nameOf(type.getRawClass());
        if (schemas.containsKey(name)) {
            return name;
        }
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schemas.put(name, schema);
        ObjectNode properties = schema.putObject("properties");
        BeanDescription bean = JSON.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getPrimaryType() == null || "additionalProperties".equals(property.getName())) {
                continue;
            }
            ObjectNode field = schemaOf(property.getPrimaryType());
            String description = COMMON_DESCRIPTIONS.get(property.getName());
            boolean everyObjectHasIt = Set.of("apiVersion", "kind", "metadata", "spec", "status").contains(property.getName());
            if (description != null && (everyObjectHasIt || name.endsWith(".ObjectMeta"))) {
                field.put("description", description);
            }
            properties.set(property.getName(), field);
        }
        if (properties.isEmpty()) {
            // free-form in the model (FieldsV1, RawExtension): anything goes
            schema.remove("properties");
            schema.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return name;
    }

    private ObjectNode schemaOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class || raw == Character.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int32");
        }
        if (raw == Long.class || raw == long.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int64");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return NODES.objectNode().put("type", "number").put("format", "double");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (raw == IntOrString.class || raw == Quantity.class) {
            return NODES.objectNode().put("x-kubernetes-int-or-string", true);
        }
        if (type.isMapLikeType()) {
            ObjectNode map = NODES.objectNode().put("type", "object");
            map.set("additionalProperties", schemaOf(type.getContentType()));
            return map;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (type.isArrayType() && type.getContentType().getRawClass() == byte.class) {
                return NODES.objectNode().put("type", "string").put("format", "byte");
            }
            ObjectNode array = NODES.objectNode().put("type", "array");
            array.set("items", schemaOf(type.getContentType()));
            return array;
        }
        if (raw.getName().startsWith(MODEL_PACKAGE) && !raw.isInterface() && !raw.isEnum()) {
            ObjectNode reference = NODES.objectNode();
            reference.putArray("allOf").addObject().put("$ref", REF_PREFIX + define(type));
            return reference;
        }
        return NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
    }
}
