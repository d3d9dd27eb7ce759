package dev.keepalive.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Netty 4.1 peer: the plain hello-world shape most Netty users would write. NIO transport (not
 * epoll, to match our NIO engine), {@code HttpServerCodec} + {@code HttpServerKeepAliveHandler}, one
 * handler that writes a {@code FullHttpResponse} with Content-Length. Responses are written per
 * request and flushed once per read batch, which is what lets pipelined requests share a syscall.
 *
 * <pre>java -cp ... dev.keepalive.bench.NettyHelloServer --port 8081 [--host 127.0.0.1] [--threads N]
 *     [--backlog 1024] [--body-line hello]</pre>
 */
public final class NettyHelloServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;

    private NettyHelloServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
    }

    /**
     * Binds and starts serving.
     *
     * @param threads worker event loops; the peer runs with one per core
     * @param backlog accept queue length, the same for every server in a run
     * @param body    the response body, the same for every server in a run
     */
    public static NettyHelloServer start(String host, int port, int threads, int backlog, byte[] body)
            throws InterruptedException {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(threads);
        try {
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpServerKeepAliveHandler())
                                    .addLast(new HelloHandler(body));
                        }
                    })
                    .bind(host, port).sync().channel();
            return new NettyHelloServer(boss, workers, listener);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        workers.shutdownGracefully().syncUninterruptibly();
    }

    /** Answers every request head with the hello body; the codec's LastHttpContent is ignored. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final byte[] body;

        HelloHandler(byte[] body) {
            this.body = body;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            if (request.decoderResult().isFailure()) {
                FullHttpResponse bad = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                bad.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    request.protocolVersion(), HttpResponseStatus.OK, content);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, Hello.CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            // HttpServerKeepAliveHandler adds "Connection: close" and closes after this response
            // when the request asked for it (or was HTTP/1.0 without keep-alive).
            ctx.write(response);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Resets from wrk at the end of a run are expected; nothing to log per connection.
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse("NettyHelloServer", args, Set.of("host", "port", "threads", "backlog", "body-line"));
        String host = flags.string("host", "127.0.0.1");
        int port = flags.integer("port", 8081, 0, 65_535);
        int threads = flags.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        int backlog = flags.integer("backlog", 1024, 1, 65_535);
        byte[] body = Hello.body(flags.string("body-line", Hello.DEFAULT_LINE));
        NettyHelloServer server = start(host, port, threads, backlog, body);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "netty-hello-shutdown"));
        System.out.println("netty_listening host=" + host + " port=" + server.port() + " threads=" + threads);
        stopped.await();
    }
}
