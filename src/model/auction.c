/* auction.c - the unit buyout rule in C (its SQL twin is MODEL_UNIT_BUYOUT_SQL). */
#include "model/auction.h"

int64_t model_unit_buyout(int has_unit_price, int64_t unit_price, int has_buyout, int64_t buyout,
                          int32_t quantity)
{
	if (has_unit_price)
		return unit_price;
	if (has_buyout && buyout > 0 && quantity != 0)
		return buyout / quantity;
	return -1;
}
