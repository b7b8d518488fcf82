package dev.onstage.notification.reminders;

import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;

/**
 * One client's connection as the fan-out sees it, whatever the transport. Everything here runs on the connection's own
 * event loop (its {@link Shard}'s), so it needs no lock.
 *
 * <p>Frames are written without a flush; the shard flushes each connection it wrote to once, at the end of its turn,
 * so that the events ready for a connection in one turn leave in one write. While the socket does not take more (the
 * channel is not writable), frames still queue in the channel; when a live event comes while more than
 * {@code clientBuffer} frames wait there (besides a resume's replay), the client is dropped ({@link #drop()}): it may
 * reconnect and resume without a gap. Frames leave the queue as the client reads, so a slow client that keeps reading
 * is not dropped.
 */
public abstract class Connection {

    final Transport transport;
    final EventLoop eventLoop;
    final String address;
    private final int clientBuffer;
    private int waitingWhileFull;
    /** Frames of a resume's replay that may still wait: they do not count against the buffer. */
    private int replayAllowance;
    private boolean dirty;
    private boolean closed;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The current subscription, or null (a WebSocket that has not subscribed yet, or unsubscribed). */
    Subscription subscription;

    protected Connection(Transport transport, EventLoop eventLoop, String address, int clientBuffer) {
        this.transport = transport;
        this.eventLoop = eventLoop;
        this.address = address;
        this.clientBuffer = clientBuffer;
    }

    boolean closed() {
        return closed;
    }

    /** A live event: counts against the client's buffer when the socket is full. False when the client was dropped. */
    boolean send(ByteBuf frame) {
        if (closed) {
            return false;
        }
        if (writable()) {
            waitingWhileFull = 0;
            replayAllowance = 0;
        } else {
            waitingWhileFull++;
            if (waiting() > clientBuffer + replayAllowance) {
                closed = true;
                drop();
                return false;
            }
        }
        write(frame);
        return true;
    }

    /** A frame that does not count against the buffer: control frames. */
    void sendAnyway(ByteBuf frame) {
        if (!closed) {
            write(frame);
        }
    }

    /** A frame of a resume's replay: it may wait beyond the buffer (the replay can be the whole history). */
    void sendReplayed(ByteBuf frame) {
        if (!closed) {
            replayAllowance++;
            write(frame);
        }
    }

    /**
     * How many frames wait for the client. By default those written since the socket last took more; a connection that
     * can see its queue counts what is in it.
     */
    protected int waiting() {
        return waitingWhileFull;
    }

    private void write(ByteBuf frame) {
        write0(frame.duplicate());
        dirty = true;
    }

    boolean hasUnflushed() {
        return dirty;
    }

    /** Flushes what this turn wrote, if anything. */
    void flushIfWritten() {
        if (dirty) {
            dirty = false;
            flush0();
        }
    }

    /** True the first time only: the connection's place is given back once. */
    boolean release() {
        return released.compareAndSet(false, true);
    }

    /** The client is gone or leaves: nothing more is written. */
    void markClosed() {
        closed = true;
    }

    /** The client did not keep up: end the connection the way the transport says (docs/reminders.md, Limits). */
    protected abstract void drop();

    /** Keeps an idle connection open through proxies and the idle timeout: a heartbeat or a ping, flushed. */
    protected abstract void keepAlive();

    /** Whether the socket takes more now. */
    protected abstract boolean writable();

    /** Queues bytes (the connection's own duplicate) without flushing them. */
    protected abstract void write0(ByteBuf frame);

    protected abstract void flush0();

    /**
     * A connection written straight to its Netty channel, below Vert.x. The frames are already what goes on the wire,
     * so they enter the pipeline just below the transport's encoder ({@code entry} is the encoder's context, and a write
     * there starts at the handler after it, towards the socket): no encoder, idle-state bookkeeping or promise per
     * frame, only what lies under the encoder (TLS, if any). Keep-alives go through the whole pipeline, so the idle
     * timeout still sees the connection busy.
     */
    abstract static class OnChannel extends Connection {

        final Channel channel;
        private final ChannelHandlerContext entry;

        OnChannel(Transport transport, Channel channel, ChannelHandlerContext entry, String address,
                int clientBuffer) {
            super(transport, channel.eventLoop(), address, clientBuffer);
            this.channel = channel;
            this.entry = entry;
        }

        @Override
        protected boolean writable() {
            return channel.isWritable();
        }

        /** The frames flushed to the channel that the socket has not taken yet: fewer as the client reads. */
        @Override
        protected int waiting() {
            ChannelOutboundBuffer queue = channel.unsafe().outboundBuffer();
            return queue == null ? 0 : queue.size();
        }

        @Override
        protected void write0(ByteBuf frame) {
            entry.write(frame, entry.voidPromise());
        }

        @Override
        protected void flush0() {
            entry.flush();
        }
    }
}
