# the model
