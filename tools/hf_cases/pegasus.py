"""Pegasus: defaults, pegasus-large / pegasus-xsum (published configs), every head, the
attribute_map aliases, and untied embeddings."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, encoder_layers=2, decoder_layers=2,
            encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=96, decoder_ffn_dim=96)


def large(**overrides):
    """The shape keys google/pegasus-large's config.json holds (generation settings left out)."""
    config = dict(activation_dropout=0.1, activation_function="relu", add_bias_logits=False,
                  add_final_layer_norm=True, attention_dropout=0.1, bos_token_id=0, classif_dropout=0.0,
                  d_model=1024, decoder_attention_heads=16, decoder_ffn_dim=4096, decoder_layerdrop=0.0,
                  decoder_layers=16, dropout=0.1, encoder_attention_heads=16, encoder_ffn_dim=4096,
                  encoder_layerdrop=0.0, encoder_layers=16, eos_token_id=1, extra_pos_embeddings=1,
                  force_bos_token_to_be_generated=False, init_std=0.02, is_encoder_decoder=True,
                  max_position_embeddings=1024, normalize_before=True, normalize_embedding=False,
                  num_hidden_layers=16, pad_token_id=0, scale_embedding=True, static_position_embeddings=True,
                  vocab_size=96103)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="pegasus-defaults", model_type="pegasus", config={},
         architecture="PegasusForConditionalGeneration", source="PegasusConfig() defaults"),
    dict(case_id="pegasus-large", model_type="pegasus", architecture="PegasusForConditionalGeneration",
         source="google/pegasus-large config.json (generation settings left out)", config=large()),
    dict(case_id="pegasus-xsum", model_type="pegasus", architecture="PegasusForConditionalGeneration",
         source="google/pegasus-xsum config.json (generation settings left out)",
         config=large(max_position_embeddings=512, transformers_version="4.2.0.dev0")),
    dict(case_id="pegasus-tiny-untied", model_type="pegasus", architecture="PegasusForConditionalGeneration",
         source="tie_word_embeddings false: shared, both embed_tokens and lm_head apart; asymmetric stacks",
         config=dict(TINY, tie_word_embeddings=False, decoder_layers=3, decoder_ffn_dim=80,
                     decoder_attention_heads=2)),
    dict(case_id="pegasus-tiny-aliases", model_type="pegasus", architecture="PegasusForConditionalGeneration",
         source="attribute_map aliases win over d_model, encoder_layers, encoder_attention_heads",
         config=dict(TINY, hidden_size=48, num_hidden_layers=3, num_attention_heads=3, decoder_attention_heads=3)),
    dict(case_id="pegasus-tiny-model", model_type="pegasus", architecture="PegasusModel", source="base model",
         config=dict(TINY)),
    dict(case_id="pegasus-tiny-model-untied", model_type="pegasus", architecture="PegasusModel",
         source="base model, tie_word_embeddings false", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="pegasus-tiny-causal", model_type="pegasus", architecture="PegasusForCausalLM",
         source="decoder only, lm_head tied to the decoder's embed_tokens", config=dict(TINY)),
    dict(case_id="pegasus-tiny-causal-untied", model_type="pegasus", architecture="PegasusForCausalLM",
         source="decoder only, untied lm_head", config=dict(TINY, tie_word_embeddings=False)),
]
