package dev.keepalive.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that echoes (unless told not to) and records every event for assertions. */
class Recorder implements WebSocketListener {
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Duration> rtts = new LinkedBlockingQueue<>();
    final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> closedAt = new LinkedBlockingQueue<>();
    private final boolean echo;

    Recorder(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onOpen(WebSocket ws) {
        opened.add(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        messages.add(text);
        if (text.equals("bye")) {
            ws.close(CloseStatus.NORMAL, "done");
        } else if (echo) {
            ws.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        messages.add(b);
        if (echo) {
            ws.sendBinary(data);
        }
    }

    @Override
    public void onHeartbeat(WebSocket ws, Duration rtt) {
        rtts.add(rtt);
    }

    @Override
    public void onClose(WebSocket ws, CloseStatus status) {
        closedAt.add(System.nanoTime());
        closes.add(status);
    }

    CloseStatus awaitClose(long millis) throws InterruptedException {
        CloseStatus s = closes.poll(millis, TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no onClose within " + millis + " ms");
        }
        return s;
    }

    WebSocket awaitOpen(long millis) throws InterruptedException {
        WebSocket ws = opened.poll(millis, TimeUnit.MILLISECONDS);
        if (ws == null) {
            throw new AssertionError("no onOpen within " + millis + " ms");
        }
        return ws;
    }

    Object awaitMessage(long millis) throws InterruptedException {
        Object m = messages.poll(millis, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + millis + " ms");
        }
        return m;
    }
}
