"""Models: the networks (plain torch) and the LightningModule that trains them."""
