package io.threadstorm.injector;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonDiff;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Answers one {@code AdmissionReview} (admission.k8s.io/v1) as the webhook: a pod that gets the agent comes back
 * with a JSON Patch (RFC 6902, computed with zjsonpatch against the pod as sent); every request is allowed, because
 * the injector must never keep a pod from starting.
 */
public final class AdmissionReviewer {

    /** A request that is not an AdmissionReview v1 for the webhook to answer. The message is one line. */
    public static final class BadReview extends Exception {
        private static final long serialVersionUID = 1L;

        BadReview(String message) {
            super(message, null, false, false);
        }
    }

    /** The response to send, and one line saying what was done (for the log and for {@code review}). */
    public record Answer(AdmissionReview review, String reason) {
    }

    private final ObjectMapper json;
    private final PodInjector injector;

    public AdmissionReviewer(ObjectMapper json, PodInjector injector) {
        this.json = json;
        this.injector = injector;
    }

    public Answer answer(byte[] body) throws BadReview {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw new BadReview("not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw new BadReview("cannot read the request: " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new BadReview("expected an AdmissionReview object, found " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        if (!"admission.k8s.io/v1".equals(root.path("apiVersion").asText())
                || !"AdmissionReview".equals(root.path("kind").asText())) {
            throw new BadReview("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, found apiVersion '"
                    + root.path("apiVersion").asText() + "' and kind '" + root.path("kind").asText() + "'");
        }
        if (!(root.get("request") instanceof ObjectNode requestJson)) {
            throw new BadReview("the AdmissionReview has no request");
        }
        JsonNode object = requestJson.get("object");
        ObjectNode withoutObjects = requestJson.deepCopy();
        withoutObjects.remove("object");
        withoutObjects.remove("oldObject");
        AdmissionRequest request;
        try {
            request = json.treeToValue(withoutObjects, AdmissionRequest.class);
        } catch (JacksonException e) {
            throw new BadReview("the AdmissionReview's request is malformed: " + e.getOriginalMessage());
        }
        if (request.getUid() == null || request.getUid().isEmpty()) {
            throw new BadReview("the AdmissionReview's request has no uid");
        }
        GroupVersionKind kind = request.getKind();
        boolean pod = kind != null && "Pod".equals(kind.getKind()) && (kind.getGroup() == null || kind.getGroup().isEmpty());
        if (!pod || !"CREATE".equals(request.getOperation())) {
            return new Answer(review(allow(request)), "not a pod being created ("
                    + (kind == null ? "no kind" : kind.getKind()) + ", " + request.getOperation() + "): allowed unchanged");
        }
        if (!(object instanceof ObjectNode podJson)) {
            throw new BadReview("the AdmissionReview's request has no pod object");
        }
        PodInjector.Outcome outcome;
        try {
            outcome = injector.inject(podJson);
        } catch (IllegalArgumentException e) {
            throw new BadReview("the pod in the AdmissionReview is malformed: " + firstLine(e.getMessage()));
        }
        AdmissionResponseBuilder response = allow(request);
        if (!outcome.warnings().isEmpty()) {
            response.withWarnings(outcome.warnings());
        }
        if (outcome.changed()) {
            byte[] patch;
            try {
                patch = json.writeValueAsBytes(JsonDiff.asJson(podJson, outcome.patched()));
            } catch (JacksonException e) {
                throw new IllegalStateException(e);
            }
            response.withPatchType("JSONPatch").withPatch(Base64.getEncoder().encodeToString(patch));
        }
        return new Answer(review(response), (outcome.changed() ? "" : "unchanged: ") + outcome.reason());
    }

    private static AdmissionResponseBuilder allow(AdmissionRequest request) {
        return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    }

    private static AdmissionReview review(AdmissionResponseBuilder response) {
        AdmissionResponse built = response.build();
        return new AdmissionReviewBuilder().withApiVersion("admission.k8s.io/v1").withKind("AdmissionReview")
                .withResponse(built).build();
    }

    /** The JSON Patch of an answer, decoded; {@code null} when the answer changes nothing. */
    public static String patchOf(AdmissionReview review) {
        String patch = review.getResponse().getPatch();
        return patch == null ? null : new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
