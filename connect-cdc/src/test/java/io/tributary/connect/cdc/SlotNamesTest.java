package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlotNamesTest {

    @Test
    void aNameThatIsAlreadyASlotNameIsKeptAfterThePrefix() {
        assertEquals("tributary_orders_cdc", SlotNames.derive("orders_cdc"));
    }

    @Test
    void otherCharactersBecomeUnderscoresAndAHashKeepsDistinctNamesDistinct() {
        String dashed = SlotNames.derive("orders-cdc");
        assertTrue(dashed.matches("tributary_orders_cdc_[0-9a-f]{8}"), dashed);
        assertNotEquals(SlotNames.derive("Orders-CDC"), dashed);
    }

    @Test
    void aLongNameIsCutTo63CharactersAndStaysValid() {
        String derived = SlotNames.derive("x".repeat(100));
        assertEquals(63, derived.length());
        assertTrue(SlotNames.isValid(derived), derived);
        assertNotEquals(SlotNames.derive("x".repeat(101)), derived);
    }
}
