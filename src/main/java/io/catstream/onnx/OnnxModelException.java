package io.catstream.onnx;

/** ONNX Runtime refuses a graph, or the graph does not fit catstream's use of it: the {@link OnnxProblem} says which. */
public final class OnnxModelException extends RuntimeException {

    private final OnnxProblem problem;

    public OnnxModelException(OnnxProblem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    public OnnxModelException(OnnxProblem problem, String detail) {
        this(problem, detail, null);
    }

    public OnnxProblem problem() {
        return problem;
    }
}
