package dev.outpost.store.rocksdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.store.DatasetInfo;
import dev.outpost.store.StoreException;

/** Keys and encodings of a generation's metadata, kept in its default column family. */
final class MetaCodec {
    static final byte[] INFO_KEY = "info".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NAME_COUNT_KEY = "names".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME_PREFIX = "name/".getBytes(StandardCharsets.US_ASCII);

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MetaCodec() {}

    static byte[] nameKey(int id) {
        return ByteBuffer.allocate(NAME_PREFIX.length + 4)
                .put(NAME_PREFIX)
                .putInt(id)
                .array();
    }

    static byte[] encodeInt(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static int decodeInt(byte[] bytes) {
        if (bytes == null || bytes.length != 4) {
            throw new StoreException("generation metadata is damaged: bad name count");
        }
        return ByteBuffer.wrap(bytes).getInt();
    }

    static byte[] encodeInfo(DatasetInfo info) {
        try {
            return JSON.writeValueAsBytes(info);
        } catch (IOException e) {
            throw new StoreException("cannot encode dataset info", e);
        }
    }

    static DatasetInfo decodeInfo(byte[] bytes) {
        if (bytes == null) {
            throw new StoreException("generation metadata is missing");
        }
        try {
            return JSON.readValue(bytes, DatasetInfo.class);
        } catch (IOException e) {
            throw new StoreException("generation metadata is damaged", e);
        }
    }
}
