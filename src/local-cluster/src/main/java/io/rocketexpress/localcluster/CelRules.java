package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CRD's {@code x-kubernetes-validations} rules, compiled and evaluated with cel-java as the API server does
 * with cel-go: {@code self} is the value the rule sits on, {@code oldSelf} that value before an update. A
 * transition rule (one that reads {@code oldSelf}) is only checked when there is an old value; a rule that
 * fails to evaluate rejects the value.
 */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private CelRules() {
    }

    private static final Map<String, Boolean> TRANSITION_RULES = new ConcurrentHashMap<>();

    /** True when the rule reads the value before the update (worked out once per rule). */
    static boolean isTransitionRule(String rule) {
        return TRANSITION_RULES.computeIfAbsent(rule, r -> r.matches("(?s).*\\boldSelf\\b.*"));
    }

    /** True when {@code self} (and {@code oldSelf}, null on a creation) pass the rule. */
    static boolean admits(String rule, JsonNode self, JsonNode oldSelf) {
        try {
            Map<String, Object> variables = new HashMap<>();
            variables.put("self", value(self));
            if (oldSelf != null) {
                variables.put("oldSelf", value(oldSelf));
            }
            return Boolean.TRUE.equals(program(rule).eval(variables));
        } catch (CelEvaluationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static CelRuntime.Program program(String rule) {
        return PROGRAMS.computeIfAbsent(rule, r -> {
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(r).getAst();
                return RUNTIME.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalArgumentException("rule does not compile: " + r, e);
            }
        });
    }

    /** A JSON value as CEL sees it: integers as int (long), other numbers as double, objects as maps. */
    static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), value(field.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNull()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        return node.asText();
    }
}
