package io.threadstorm.endpoint;

import java.nio.charset.StandardCharsets;

/**
 * One answer of the endpoint.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body        the body
 * @param allow       the {@code Allow} header of a 405, else {@code ""}
 */
public record Response(int status, String contentType, byte[] body, String allow) {

    public static Response ok(String contentType, byte[] body) {
        return new Response(200, contentType, body, "");
    }

    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), "");
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
