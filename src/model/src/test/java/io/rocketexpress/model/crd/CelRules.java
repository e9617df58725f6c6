package io.rocketexpress.model.crd;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Map;

/** Evaluates a CRD's x-kubernetes-validations rule the way the API server would, on a map for {@code self}. */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private CelRules() {
    }

    /** True when the object passes the rule; a rule that errors at run time rejects the object, as in Kubernetes. */
    static boolean admits(String rule, Map<String, Object> self) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
            return Boolean.TRUE.equals(RUNTIME.createProgram(ast).eval(Map.of("self", self)));
        } catch (dev.cel.runtime.CelEvaluationException e) {
            return false;
        } catch (dev.cel.common.CelValidationException e) {
            throw new AssertionError("rule does not compile: " + rule + ": " + e.getMessage(), e);
        }
    }
}
