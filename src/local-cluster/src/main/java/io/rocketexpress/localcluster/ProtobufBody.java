package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A request body in the API server's protobuf encoding, read back as JSON for the store, which reads nothing
 * else. kubectl writes built-in kinds this way ({@code kubectl create secret}, {@code create configmap},
 * {@code create namespace}); only those kinds are read here, and of their metadata the fields a creation
 * sets (name, generateName, namespace, labels, annotations, finalizers).
 * <p>
 * The encoding: the bytes {@code k8s\0}, then a {@code runtime.Unknown} message whose field 1 is the type
 * (apiVersion 1, kind 2) and field 2 the object's own message, field numbers as in {@code generated.proto}.
 */
final class ProtobufBody {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtobufBody() {
    }

    /** The body as JSON, when it is one of the kinds read here. */
    static Optional<String> asJson(byte[] body) {
        if (body == null || body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            return Optional.empty();
        }
        try {
            Reader unknown = new Reader(body, MAGIC.length, body.length);
            String apiVersion = null;
            String kind = null;
            byte[] raw = null;
            while (unknown.more()) {
                int field = unknown.tag();
                if (field == 1) {
                    Reader type = unknown.message();
                    while (type.more()) {
                        int typeField = type.tag();
                        if (typeField == 1) {
                            apiVersion = type.string();
                        } else if (typeField == 2) {
                            kind = type.string();
                        } else {
                            type.skip();
                        }
                    }
                } else if (field == 2) {
                    raw = unknown.bytes();
                } else {
                    unknown.skip();
                }
            }
            if (raw == null || !"v1".equals(apiVersion)) {
                return Optional.empty();
            }
            ObjectNode object = NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind);
            Reader message = new Reader(raw, 0, raw.length);
            switch (kind) {
                case "Secret" -> secret(message, object);
                case "ConfigMap" -> configMap(message, object);
                case "Namespace" -> metadataOnly(message, object);
                default -> {
                    return Optional.empty();
                }
            }
            return Optional.of(object.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void secret(Reader message, ObjectNode object) {
        while (message.more()) {
            switch (message.tag()) {
                case 1 -> object.set("metadata", metadata(message.message()));
                case 2 -> entry(message.message(), object.with("data"), true);
                case 3 -> object.put("type", message.string());
                case 4 -> entry(message.message(), object.with("stringData"), false);
                case 5 -> object.put("immutable", message.varint() != 0);
                default -> message.skip();
            }
        }
    }

    private static void configMap(Reader message, ObjectNode object) {
        while (message.more()) {
            switch (message.tag()) {
                case 1 -> object.set("metadata", metadata(message.message()));
                case 2 -> entry(message.message(), object.with("data"), false);
                case 3 -> entry(message.message(), object.with("binaryData"), true);
                case 4 -> object.put("immutable", message.varint() != 0);
                default -> message.skip();
            }
        }
    }

    private static void metadataOnly(Reader message, ObjectNode object) {
        while (message.more()) {
            if (message.tag() == 1) {
                object.set("metadata", metadata(message.message()));
            } else {
                message.skip();
            }
        }
    }

    private static ObjectNode metadata(Reader message) {
        ObjectNode metadata = NODES.objectNode();
        while (message.more()) {
            switch (message.tag()) {
                case 1 -> metadata.put("name", message.string());
                case 2 -> metadata.put("generateName", message.string());
                case 3 -> metadata.put("namespace", message.string());
                case 11 -> entry(message.message(), metadata.with("labels"), false);
                case 12 -> entry(message.message(), metadata.with("annotations"), false);
                case 14 -> metadata.withArray("finalizers").add(message.string());
                default -> message.skip();
            }
        }
        return metadata;
    }

    /** One map entry (key 1, value 2); bytes values as JSON carries them, in base64. */
    private static void entry(Reader entry, ObjectNode map, boolean bytes) {
        String key = "";
        String value = "";
        while (entry.more()) {
            switch (entry.tag()) {
                case 1 -> key = entry.string();
                case 2 -> value = bytes ? Base64.getEncoder().encodeToString(entry.bytes()) : entry.string();
                default -> entry.skip();
            }
        }
        map.put(key, value);
    }

    /** Reads protobuf's wire format: varints and length-delimited fields, the rest skipped. */
    private static final class Reader {
        private final byte[] data;
        private int at;
        private final int end;
        private int wireType;

        Reader(byte[] data, int from, int end) {
            this.data = data;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        byte[] bytes() {
            int length = (int) varint();
            if (length < 0 || at + length > end) {
                throw new IllegalArgumentException("truncated field");
            }
            byte[] bytes = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return bytes;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            byte[] bytes = bytes();
            return new Reader(bytes, 0, bytes.length);
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> bytes();
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }
    }
}
