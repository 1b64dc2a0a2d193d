package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AdmissionReviewerTest {

    private final AdmissionReviewer reviewer = new AdmissionReviewer(Main.mapper(),
            new PodInjector(new Wiring(Wiring.DEFAULT_IMAGE), Main.mapper()));

    @ParameterizedTest
    @FieldSource("io.threadstorm.injector.Wired#FIXTURES")
    void answersEachRequestAsTheApiServerSendsIt(String fixture) throws Exception {
        byte[] request = Wired.fixture(fixture);
        Wired.assertAnswer(fixture, request, reviewer.answer(request).review());
    }

    @ParameterizedTest
    @FieldSource("io.threadstorm.injector.Wired#FIXTURES")
    void aSecondCallOnThePatchedPodChangesNothing(String fixture) throws Exception {
        byte[] request = Wired.fixture(fixture);
        Pod once = Wired.patched(request, reviewer.answer(request).review());
        ObjectNode again = (ObjectNode) Wired.JSON.readTree(request);
        ((ObjectNode) again.get("request")).set("object", Wired.JSON.valueToTree(once));
        AdmissionReview second = reviewer.answer(Wired.JSON.writeValueAsBytes(again)).review();
        assertNull(second.getResponse().getPatch(), "reinvoked on " + fixture + ": no second patch");
    }

    @Test
    void envFromThatMayCarryJavaToolOptionsLeavesThePodAsItWas() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("deployment-pod.json"));
        ObjectNode app = (ObjectNode) review.at("/request/object/spec/containers/0");
        app.putArray("envFrom").addObject().putObject("configMapRef").put("name", "checkout-jvm");
        AdmissionReview answer = reviewer.answer(Wired.JSON.writeValueAsBytes(review)).review();
        assertNull(answer.getResponse().getPatch());
        assertEquals(1, answer.getResponse().getWarnings().size());
        assertTrue(answer.getResponse().getWarnings().get(0).contains("configMap checkout-jvm"),
                answer.getResponse().getWarnings().get(0));

        // a prefix that cannot make JAVA_TOOL_OPTIONS is safe
        ((ObjectNode) app.get("envFrom").get(0)).put("prefix", "CHECKOUT_");
        answer = reviewer.answer(Wired.JSON.writeValueAsBytes(review)).review();
        Wired.assertWired(Wired.patched(Wired.JSON.writeValueAsBytes(review), answer), List.of("app"),
                Map.of(), "interval=250ms,minAge=1s", Wiring.DEFAULT_IMAGE);
    }

    @Test
    void optionsWithSpacesWouldSplitJavaToolOptionsSoThePodIsLeftAlone() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("deployment-pod.json"));
        ((ObjectNode) review.at("/request/object/metadata/annotations")).put(Wiring.OPTIONS_ANNOTATION,
                "interval=10s, minAge=2m");
        AdmissionReview answer = reviewer.answer(Wired.JSON.writeValueAsBytes(review)).review();
        assertNull(answer.getResponse().getPatch());
        assertTrue(answer.getResponse().getWarnings().get(0).contains(Wiring.OPTIONS_ANNOTATION));
    }

    @Test
    void containerNamesThatDoNotExistAreNamedInTheWarnings() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("two-containers.json"));
        ((ObjectNode) review.at("/request/object/metadata/annotations")).put(Wiring.CONTAINERS_ANNOTATION,
                "api, scheduler ,worker");
        byte[] request = Wired.JSON.writeValueAsBytes(review);
        AdmissionReview answer = reviewer.answer(request).review();
        assertEquals(List.of("threadstorm: pod shop/orders-84f6d5c7b9-* has no container scheduler"),
                answer.getResponse().getWarnings());
        Wired.assertWired(Wired.patched(request, answer), List.of("api", "worker"), Map.of(), null,
                "registry.example.com/tools/threadstorm-init:0.1.0");
    }

    @Test
    void ofTwoJavaToolOptionsEntriesTheOneTheKubeletSetsIsAppendedTo() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("own-java-tool-options.json"));
        ArrayNode env = (ArrayNode) review.at("/request/object/spec/containers/0/env");
        env.addObject().put("name", Wiring.JAVA_TOOL_OPTIONS).put("value", "-Xss1m");
        byte[] request = Wired.JSON.writeValueAsBytes(review);
        Pod pod = Wired.patched(request, reviewer.answer(request).review());
        Wired.assertWired(pod, List.of("pricing"), Map.of("pricing", "-Xss1m"), "interval=250ms,minAge=1s",
                Wiring.DEFAULT_IMAGE);
        assertEquals("-Dpricing.region=eu-west -XX:+ExitOnOutOfMemoryError",
                pod.getSpec().getContainers().get(0).getEnv().get(1).getValue(), "the hidden entry stays as it was");
    }

    @Test
    void aPodWithoutAnnotationsOrEnvGetsBoth() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("deployment-pod.json"));
        ((ObjectNode) review.at("/request/object/metadata")).remove("annotations");
        ((ObjectNode) review.at("/request/object/spec")).remove("volumes");
        ((ObjectNode) review.at("/request/object/spec/containers/0")).remove("volumeMounts");
        byte[] request = Wired.JSON.writeValueAsBytes(review);
        Wired.assertWired(Wired.patched(request, reviewer.answer(request).review()), List.of("app"), Map.of(), null,
                Wiring.DEFAULT_IMAGE);
    }

    @Test
    void otherObjectsAndOperationsAreAllowedUnchanged() throws Exception {
        ObjectNode review = (ObjectNode) Wired.JSON.readTree(Wired.fixture("deployment-pod.json"));
        ((ObjectNode) review.get("request")).put("operation", "UPDATE");
        AdmissionReview answer = reviewer.answer(Wired.JSON.writeValueAsBytes(review)).review();
        assertTrue(answer.getResponse().getAllowed());
        assertNull(answer.getResponse().getPatch());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{not json", "[]", "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"kind\":{\"kind\":\"Pod\"}}}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\",\"operation\":\"CREATE\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}}}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\",\"operation\":\"CREATE\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":{\"spec\":{\"containers\":\"app\"}}}}"})
    void malformedRequestsGetOneLine(String body) {
        AdmissionReviewer.BadReview e = assertThrows(AdmissionReviewer.BadReview.class,
                () -> reviewer.answer(body.getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void reviewCommandExitsOneOnMalformedInputAndTwoOnBadUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"review"}, new ByteArrayInputStream("{\"kind\":".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(1, status);
        assertEquals("", out.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("threadstorm-injector: review: not JSON"), err.toString());

        err.reset();
        assertEquals(2, Main.run(new String[] {"review", "--imag", "x"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true)));
        assertEquals(1, err.toString().lines().count(), err.toString());
        err.reset();
        assertEquals(2, Main.run(new String[] {"serve", "--port", "8443"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true)));
        assertTrue(err.toString().contains("missing --cert"), err.toString());
        err.reset();
        assertEquals(2, Main.run(new String[0], new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true)));
    }
}
