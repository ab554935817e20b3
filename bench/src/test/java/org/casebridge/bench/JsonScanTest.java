package org.casebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonScanTest {

    @Test
    void findsValuesAtPathsOnly() {
        String json = """
                {"deliveries":[
                  {"dispatchId":"d1","kind":"MESSAGE","sealedMessage":{"message":{"messageId":"m1","dispatchId":"no",
                   "text":"a \\"quoted\\" \\u4e2d [x] {y}","n":[1,2,{"k":true}]},"jws":"a.b.c"}},
                  {"dispatchId":"d2","kind":"DELIVERY_RECEIPT","deliveryReceipt":{"receipt":{"dispatchId":"d0",
                   "messageId":"m0","recipient":"hohhot-psb"},"jws":"x.y.z"}}
                ], "code": null}""";
        JsonScan scan = new JsonScan("deliveries/[]/dispatchId", "deliveries/[]/kind",
                "deliveries/[]/deliveryReceipt/receipt/messageId", "deliveries/[]/deliveryReceipt/jws");
        List<String> seen = new ArrayList<>();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        scan.scan(bytes, bytes.length, (path, value) -> seen.add(path + "=" + value));
        assertThat(seen).containsExactly("0=d1", "1=MESSAGE", "0=d2", "1=DELIVERY_RECEIPT", "2=m0", "3=x.y.z");
    }

    @Test
    void decodesEscapes() {
        byte[] bytes = "{\"code\":\"a\\\"b\\u4e2dc\\n\"}".getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        new JsonScan("code").scan(bytes, bytes.length, (path, value) -> seen.add(value));
        assertThat(seen).containsExactly("a\"b中c\n");
    }
}
