package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameCaseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CUST_NM, custNm",
        "order_line_id, orderLineId",
        "ADDR_LINE_1, addrLine1",
        "ID, id",
        "id, id",
        "customerId, customerId",
        "__deleted, __deleted",
        "_CUST__NM_, _custNm_",
    })
    void convertsSnakeCaseToCamelCase(String name, String expected) {
        assertEquals(expected, NameCase.SNAKE_TO_CAMEL.apply(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "custNm, cust_nm",
        "customerID, customer_id",
        "HTTPServer, http_server",
        "addrLine1, addr_line1",
        "customer_id, customer_id",
        "CUST_NM, cust_nm",
        "id, id",
    })
    void convertsCamelCaseToSnakeCase(String name, String expected) {
        assertEquals(expected, NameCase.CAMEL_TO_SNAKE.apply(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CustNm, custnm", "ID, id"})
    void lowerCasesWholeName(String name, String expected) {
        assertEquals(expected, NameCase.LOWER.apply(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"custNm, CUSTNM", "cust_nm, CUST_NM"})
    void upperCasesWholeName(String name, String expected) {
        assertEquals(expected, NameCase.UPPER.apply(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CUST_NM", "custNm", "x"})
    void leavesNameAloneWithNone(String name) {
        assertEquals(name, NameCase.NONE.apply(name));
    }
}
