package io.threadstorm.corpus.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Correct use of Netty under load: one event-loop group of 16 threads for the whole client, shared by every call;
 * 40 connections a second are opened and closed on it. The group lives as long as the service.
 */
public class SharedEventLoopGroup {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(16, new DefaultThreadFactory("client-loop"),
                NioIoHandler.newFactory());
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
                    }
                });
        Workload load = Traffic.at(40, args);
        List<Channel> open = new ArrayList<>();
        load.run(n -> {
            try {
                Channel ch = b.connect("127.0.0.1", backend.port()).sync().channel();
                open.add(ch);
                if (open.size() > 8) {
                    open.remove(0).close().sync();
                }
                if (n == 200) {
                    Backend.printPoolThreads("client-loop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
