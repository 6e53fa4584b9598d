package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.QueryText.Kind;
import io.tributary.connect.jdbc.QueryText.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void oneSelectWithItsOwnParenthesesIsFine() {
        assertEquals(Optional.empty(), QueryText.check("SELECT a, (SELECT max(b) FROM t2) FROM t WHERE c IN (1, 2)"));
    }

    @Test
    void semicolonsAndParenthesesInStringsIdentifiersAndCommentsCountForNothing() {
        assertEquals(Optional.empty(), QueryText.check("SELECT ';)', 'it''s;)', E'\\';)', \"a;)\"\"b\", $$;)$$,"
                + " $fn$ ;) $x$ $fn$, a$b, $1 /* ; ) /* nested ; */ ) */ FROM t -- ; )"));
    }

    @Test
    void aSemicolonFollowedByMoreSqlIsASecondStatement() {
        assertEquals(Optional.of(new Problem(Kind.SECOND_STATEMENT, 9, null)),
                QueryText.check("SELECT 1; DROP TABLE t"));
    }

    @Test
    void aSemicolonFollowedOnlyByBlanksAndCommentsIsATrailingOne() {
        assertEquals(Optional.of(new Problem(Kind.TRAILING_SEMICOLON, 9, null)),
                QueryText.check("SELECT 1; -- done\n /* really */ "));
    }

    @Test
    void aClosingParenthesisWithoutItsOpeningOneLeavesTheSubquery() {
        assertEquals(Optional.of(new Problem(Kind.UNOPENED_PARENTHESIS, 9, null)),
                QueryText.check("SELECT 1) q UNION SELECT * FROM (SELECT 2"));
    }

    @Test
    void whatTheTextLeavesOpenIsReportedWhereItOpens() {
        assertEquals(Optional.of(new Problem(Kind.UNCLOSED, 8, "string")), QueryText.check("SELECT 'a) AS x"));
        assertEquals(Optional.of(new Problem(Kind.UNCLOSED, 10, "comment /*")), QueryText.check("SELECT 1 /* x"));
        assertEquals(Optional.of(new Problem(Kind.UNCLOSED, 15, "parenthesis")), QueryText.check("SELECT * FROM (t"));
        assertEquals(Optional.of(new Problem(Kind.UNCLOSED, 8, "dollar-quoted string")),
                QueryText.check("SELECT $q$ ) $x$"));
    }
}
