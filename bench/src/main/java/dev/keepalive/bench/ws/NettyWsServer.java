package dev.keepalive.bench.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.1 peer for the WebSocket benchmark: an echo on {@code /ws/echo} with liveness the way Netty
 * users usually build it, from {@link IdleStateHandler}: nothing written for {@code ping-interval} →
 * send a ping with an 8-byte timestamp; nothing read for {@code ping-interval + pong-timeout} → close.
 * The idle handler sits first in the pipeline so that any inbound byte counts as life, as in ours.
 * NIO transport (not epoll) to match our NIO engine; {@code WebSocketServerProtocolHandler} does the
 * handshake, answers pings and swallows pongs.
 *
 * <pre>java -cp ... dev.keepalive.bench.ws.NettyWsServer --port 8082 [--threads N] [--ping-interval-ms 1000]
 *     [--pong-timeout-ms 1000]</pre>
 */
public final class NettyWsServer {
    private NettyWsServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> flags = flags(args);
        int port = Integer.parseInt(flags.getOrDefault("port", "8082"));
        int threads = Integer.parseInt(flags.getOrDefault("threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        long pingMs = Long.parseLong(flags.getOrDefault("ping-interval-ms", "1000"));
        long pongMs = Long.parseLong(flags.getOrDefault("pong-timeout-ms", "1000"));
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(threads);
        Channel listener = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(pingMs + pongMs, pingMs, 0, TimeUnit.MILLISECONDS))
                                .addLast(new Heartbeats())
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65_536))
                                .addLast(new WebSocketServerProtocolHandler("/ws/echo", null, false, 65_536))
                                .addLast(new NotFound())
                                .addLast(new Echo());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close().syncUninterruptibly();
            boss.shutdownGracefully().syncUninterruptibly();
            workers.shutdownGracefully().syncUninterruptibly();
            stopped.countDown();
        }, "netty-ws-shutdown"));
        System.out.println("netty_ws_listening port=" + ((InetSocketAddress) listener.localAddress()).getPort()
                + " threads=" + threads + " ping_interval_ms=" + pingMs + " pong_timeout_ms=" + pongMs);
        stopped.await();
    }

    /** Pings on writer idle, closes on reader idle: IdleStateHandler-driven liveness. */
    private static final class Heartbeats extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent e) {
                if (e.state() == IdleState.READER_IDLE) {
                    ctx.close(); // no pong (or anything) within ping interval + pong timeout
                } else if (e.state() == IdleState.WRITER_IDLE) {
                    // from the tail, through the WebSocket frame encoder that sits after this handler
                    ctx.channel().writeAndFlush(new PingWebSocketFrame(Unpooled.buffer(8).writeLong(System.nanoTime())));
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Anything that is not the WebSocket path: 404, so a plain GET tells a script the server is up. */
    private static final class NotFound extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.NOT_FOUND);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                ctx.writeAndFlush(frame.retainedDuplicate());
            }
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("NettyWsServer: expected --flag value: '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
