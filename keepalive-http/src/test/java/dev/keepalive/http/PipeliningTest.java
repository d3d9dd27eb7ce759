package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipelined requests (RFC 9112 §9.3.2) are answered strictly in order. */
class PipeliningTest {

    @Test
    void sixteenRequestsInOneWriteGetSixteenResponsesInOrder() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                batch.append(RawClient.get("/bytes?n=" + i));
            }
            client.send(batch.toString());
            for (int i = 0; i < 16; i++) {
                RawClient.Reply reply = client.read();
                assertEquals(200, reply.status());
                assertEquals(i, reply.body().length, "response " + i + " out of order");
            }
            assertEquals(1, server.stats().accepted());
            assertEquals(16, server.stats().requests());
        }
    }

    @Test
    void blockingHandlerInTheMiddleKeepsOrder() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            List<String> expected = new ArrayList<>();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i % 5 == 2) {
                    batch.append(RawClient.get("/sleep?ms=" + (40 - i)));
                    expected.add("slept\n");
                } else {
                    batch.append("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n")
                            .append(String.format("%02d", i));
                    expected.add(String.format("%02d", i));
                }
            }
            client.send(batch.toString());
            for (int i = 0; i < 16; i++) {
                assertEquals(expected.get(i), client.read().text(), "response " + i);
            }
        }
    }

    @Test
    void lastPipelinedRequestWithCloseEndsTheConnection() throws Exception {
        try (HttpServer server = TestServers.start(TestServers.options());
             RawClient client = new RawClient(server.port())) {
            client.send(RawClient.get("/") + RawClient.get("/")
                    + "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" + RawClient.get("/"));
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
            assertEquals("close", client.read().header("Connection"));
            assertEquals(RawClient.End.FIN, client.awaitEnd(2_000)); // the fourth request is never answered
        }
    }
}
