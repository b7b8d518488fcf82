package dev.onstage.notification.reminders;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Bytes written as they are to many connections. They live off-heap, so that Netty writes them to every socket
 * without copying them (it copies heap buffers into a direct one per write), and cannot be released by a write:
 * each connection gets a {@link ByteBuf#duplicate()} of its own indexes. The JDK frees the memory once the event is
 * no longer referenced (it left the history).
 */
final class WireBytes {

    private WireBytes() {
    }

    static ByteBuf of(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    }
}
