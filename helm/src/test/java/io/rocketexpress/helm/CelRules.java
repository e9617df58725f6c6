package io.rocketexpress.helm;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Map;

/** Evaluates a CRD's x-kubernetes-validations rule as the API server would, with {@code self} bound to a value. */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private CelRules() {
    }

    /** True when the value passes; a rule that fails to evaluate rejects the value, as in Kubernetes. */
    static boolean admits(String rule, Object self) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
            return Boolean.TRUE.equals(RUNTIME.createProgram(ast).eval(Map.of("self", self)));
        } catch (CelEvaluationException e) {
            return false;
        } catch (CelValidationException e) {
            throw new AssertionError("rule does not compile: " + rule + ": " + e.getMessage(), e);
        }
    }
}
