// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus (tests/golden, path in the system property fwpk.golden.corpus): every encoded
 * structure and page decodes with the generated Java codec and encodes back to the same bytes, and
 * a lazy page view reads as the full decoding of its record.
 */
class GoldenTest {
    private static List<String[]> corpus() throws IOException {
        String path = System.getProperty("fwpk.golden.corpus");
        assertNotNull(path, "-Dfwpk.golden.corpus=<build>/tests/golden/corpus.txt is not set");
        List<String[]> items = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(path))) {
            if (!line.isBlank()) items.add(line.trim().split(" ", 2));
        }
        assertFalse(items.isEmpty(), "empty corpus");
        return items;
    }

    @Test
    void everyCorpusStructureAndPageRoundTripsByteForByte() throws IOException {
        HexFormat hex = HexFormat.of();
        Set<String> types = new HashSet<>();
        int pages = 0;
        List<String> bad = new ArrayList<>();
        for (String[] item : corpus()) {
            byte[] data = hex.parseHex(item[1]);
            try {
                if (item[0].equals("page")) {
                    pages++;
                    String ctype = Codecs.typeName(Wire.le(data).getInt(8));
                    Object[] records = Codecs.decodePage(data);
                    if (!Arrays.equals(data, Codecs.encodePage(ctype, records))) bad.add("page of " + ctype);
                } else {
                    types.add(item[0]);
                    Object v = Codecs.decode(item[0], data);
                    if (!Arrays.equals(data, Codecs.encode(item[0], v))) bad.add(item[0] + " " + v);
                    Object again = Codecs.decode(item[0], Codecs.encode(item[0], v));
                    if (!(v instanceof byte[]) && (!v.equals(again) || v.hashCode() != again.hashCode())) bad.add(item[0] + " (equality)");
                }
            } catch (RuntimeException e) {
                bad.add(item[0] + ": " + e);
            }
        }
        assertEquals(List.of(), bad);
        assertTrue(types.size() > 50 && pages > 50, types.size() + " structure types, " + pages + " pages");
    }

    @Test
    void pageViewsReadAsTheFullDecodingOfTheirRecords() throws IOException {
        int views = 0;
        for (String[] item : corpus()) {
            if (!item[0].equals("page")) continue;
            byte[] page = HexFormat.of().parseHex(item[1]);
            String ctype = Codecs.typeName(Wire.le(page).getInt(8));
            Object[] records = Codecs.decodePage(page);
            int p = Wire.PAGE_HEADER;
            for (Object r : records) {
                int len = Wire.le(page).getInt(p);
                p += 4;
                if (r != null) {
                    Object full = Codecs.decode(ctype, Arrays.copyOfRange(page, p, p + len));
                    if (full instanceof byte[]) {
                        assertArrayEquals((byte[]) full, (byte[]) r, ctype);
                    } else {
                        assertEquals(full, r, ctype);
                        assertEquals(full.toString(), r.toString());
                    }
                    views++;
                }
                p += len;
            }
        }
        assertTrue(views > 0);
    }

    @Test
    void malformedBytesAreRejectedNotMisread() {
        byte[] ok = SaLifetime.of(1, 2, 3).encode();
        assertThrows(IllegalArgumentException.class, () -> SaLifetime.decode(Arrays.copyOf(ok, ok.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> SaLifetime.decode(Arrays.copyOf(ok, ok.length + 1)));
        // a presence byte other than 0/1, a count past the end, a page of another type
        byte[] blob = ByteBlob.builder().data(new byte[] {1, 2}).build().encode();
        blob[4] = 2;
        assertThrows(IllegalArgumentException.class, () -> ByteBlob.decode(blob));
        byte[] longCount = ByteBlob.builder().data(new byte[] {1, 2}).build().encode();
        longCount[0] = 100;
        assertThrows(IllegalArgumentException.class, () -> ByteBlob.decode(longCount));
        byte[] page = Codecs.encodePage("IPSEC_SA_CONTEXT1", new Object[] {SaContext.builder().saContextId(7).build()});
        assertThrows(IllegalArgumentException.class, () -> SaContext0.decodePage(page));
        assertEquals(7, SaContext.decodePage(page)[0].saContextId());
        page[16]++;
        assertThrows(IllegalArgumentException.class, () -> SaContext.decodePage(page));
    }

    @Test
    void aViewReadsFixedOffsetMembersWithoutDecodingTheRest() {
        SaContext c = SaContext.builder().saContextId(42)
                .inboundSa(SaDetails.builder().saDirection(Fwp.FWP_DIRECTION_INBOUND).build()).build();
        byte[] page = Codecs.encodePage("IPSEC_SA_CONTEXT1", new Object[] {c});
        page[Wire.PAGE_HEADER + 4 + 8] = 7; // inboundSa's presence byte: malformed past saContextId
        SaContext view = SaContext.decodePage(page)[0];
        assertEquals(42, view.saContextId(), "read at its fixed offset");
        assertThrows(IllegalArgumentException.class, view::inboundSa, "decoded (and found malformed) on first use");
        assertEquals(42, view.saContextId());
    }
}
