package io.threadstorm.corpus.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;

/**
 * Misuse of Netty: every call builds its own event-loop group to open one connection, closes the channel and never
 * calls {@code shutdownGracefully()}. Each call leaves two event-loop threads selecting forever.
 */
public class EventLoopGroupPerCall {

    static void ping(int port) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
                    }
                });
        Channel ch = b.connect("127.0.0.1", port).sync().channel(); // threadstorm:leak-site
        ch.close().sync();
        group.next().execute(() -> { }); // threadstorm:leak-site (the second loop starts on its first task)
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        Workload.parse(args).run(n -> {
            try {
                ping(backend.port());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
