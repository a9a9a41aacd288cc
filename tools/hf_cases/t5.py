"""T5: defaults, t5-small / t5-base (v1.0, relu), flan-t5-base (v1.1, gated-gelu), t5-v1_1-base in its
older form (no is_gated_act), the FLUX T5-v1.1-XXL text encoder, every head, the attribute_map aliases
and every option the template reads.

transformers 5 always ties lm_head and both embed_tokens to shared.weight (T5Config forces
tie_word_embeddings to true); a config with tie_word_embeddings false (the v1.1 cases) stores its
own lm_head.weight, so make_case unties it as the checkpoint has it (hf_fixture_lib.untie_as_config)."""

TINY = dict(vocab_size=128, d_model=64, d_kv=16, d_ff=96, num_layers=2, num_heads=4)
GATED = dict(feed_forward_proj="gated-gelu", dense_act_fn="gelu_new", is_gated_act=True)


def v10(**overrides):
    """The keys google-t5/t5-small's config.json holds (task_specific_params left out)."""
    config = dict(d_ff=2048, d_kv=64, d_model=512, decoder_start_token_id=0, dropout_rate=0.1, eos_token_id=1,
                  initializer_factor=1.0, is_encoder_decoder=True, layer_norm_epsilon=1e-06, n_positions=512,
                  num_heads=8, num_layers=6, output_past=True, pad_token_id=0, relative_attention_num_buckets=32,
                  vocab_size=32128)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="t5-defaults", model_type="t5", config={}, architecture="T5ForConditionalGeneration",
         source="T5Config() defaults", expected_params=60506624),
    dict(case_id="t5-small", model_type="t5", architecture="T5ForConditionalGeneration",
         source="google-t5/t5-small config.json", expected_params=60506624, config=v10()),
    dict(case_id="t5-base", model_type="t5", architecture="T5ForConditionalGeneration",
         source="google-t5/t5-base config.json", expected_params=222903552,
         config=v10(d_ff=3072, d_model=768, num_heads=12, num_layers=12)),
    dict(case_id="t5-flan-base", model_type="t5", architecture="T5ForConditionalGeneration",
         source="google/flan-t5-base config.json (task_specific_params left out); its own lm_head, as its "
                "checkpoint stores it (transformers 5 would tie it)", expected_params=247_577_856,
         config=dict(d_ff=2048, d_kv=64, d_model=768, decoder_start_token_id=0, dense_act_fn="gelu_new",
                     dropout_rate=0.1, eos_token_id=1, feed_forward_proj="gated-gelu", initializer_factor=1.0,
                     is_encoder_decoder=True, is_gated_act=True, layer_norm_epsilon=1e-06, n_positions=512,
                     num_decoder_layers=12, num_heads=12, num_layers=12, output_past=True, pad_token_id=0,
                     relative_attention_max_distance=128, relative_attention_num_buckets=32,
                     tie_word_embeddings=False, torch_dtype="float32", transformers_version="4.23.1",
                     use_cache=True, vocab_size=32128)),
    dict(case_id="t5-v1_1-base-legacy", model_type="t5", architecture="T5ForConditionalGeneration",
         source="google/t5-v1_1-base config.json in its pre-4.21 form (gated-gelu, tie_word_embeddings false, "
                "no is_gated_act: the template falls back to not tie_word_embeddings)",
         config=dict(d_ff=2048, d_kv=64, d_model=768, decoder_start_token_id=0, dropout_rate=0.1, eos_token_id=1,
                     feed_forward_proj="gated-gelu", initializer_factor=1.0, is_encoder_decoder=True,
                     layer_norm_epsilon=1e-06, num_decoder_layers=12, num_heads=12, num_layers=12,
                     output_past=True, pad_token_id=0, relative_attention_num_buckets=32,
                     tie_word_embeddings=False, vocab_size=32128)),
    dict(case_id="t5-v1_1-xxl-encoder", model_type="t5", architecture="T5EncoderModel",
         source="black-forest-labs/FLUX.1-dev text_encoder_2/config.json (google/t5-v1_1-xxl encoder)",
         expected_params=4762310656,
         config=dict(_name_or_path="google/t5-v1_1-xxl", classifier_dropout=0.0, d_ff=10240, d_kv=64,
                     d_model=4096, decoder_start_token_id=0, dense_act_fn="gelu_new", dropout_rate=0.1,
                     eos_token_id=1, feed_forward_proj="gated-gelu", initializer_factor=1.0,
                     is_encoder_decoder=True, is_gated_act=True, layer_norm_epsilon=1e-06, num_decoder_layers=24,
                     num_heads=64, num_layers=24, output_past=True, pad_token_id=0,
                     relative_attention_max_distance=128, relative_attention_num_buckets=32,
                     tie_word_embeddings=True, torch_dtype="bfloat16", transformers_version="4.43.3",
                     use_cache=True, vocab_size=32128)),
    dict(case_id="t5-tiny-gated", model_type="t5", architecture="T5ForConditionalGeneration",
         source="gated feed-forward, fewer decoder layers, heads * d_kv != d_model, other bucket count",
         config=dict(TINY, **GATED, num_decoder_layers=3, d_kv=24, relative_attention_num_buckets=16)),
    dict(case_id="t5-tiny-relu-untied", model_type="t5", architecture="T5ForConditionalGeneration",
         source="explicit is_gated_act false wins over the tie_word_embeddings fallback",
         config=dict(TINY, feed_forward_proj="relu", is_gated_act=False, tie_word_embeddings=False)),
    dict(case_id="t5-tiny-aliases", model_type="t5", architecture="T5ForConditionalGeneration",
         source="attribute_map aliases win; num_decoder_layers follows the canonical num_layers",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, head_dim=8)),
    dict(case_id="t5-tiny-one-layer", model_type="t5", architecture="T5ForConditionalGeneration",
         source="a single block per stack (only block.0, with the relative bias)",
         config=dict(TINY, num_layers=1)),
    dict(case_id="t5-tiny-model", model_type="t5", architecture="T5Model", source="base model",
         config=dict(TINY)),
    dict(case_id="t5-tiny-encoder", model_type="t5", architecture="T5EncoderModel", source="encoder only",
         config=dict(TINY, **GATED)),
    dict(case_id="t5-tiny-seqcls", model_type="t5", architecture="T5ForSequenceClassification",
         source="sequence classification (transformer. prefix)", config=dict(TINY, num_labels=5)),
    dict(case_id="t5-tiny-tokcls", model_type="t5", architecture="T5ForTokenClassification",
         source="token classification (encoder only, transformer. prefix)",
         config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="t5-tiny-qa", model_type="t5", architecture="T5ForQuestionAnswering",
         source="question answering", config=dict(TINY)),
    dict(case_id="t5-encoder-is-decoder", model_type="t5", architecture="T5EncoderModel",
         source="issue 13: T5EncoderModel keeps is_decoder true from the config: cross-attention in every block",
         config=dict(is_decoder=True), expected_params=41_625_344),
    dict(case_id="t5-tiny-tokcls-is-decoder", model_type="t5", architecture="T5ForTokenClassification",
         source="token classification keeps is_decoder true too (its T5EncoderModel gets the config as given)",
         config=dict(TINY, **GATED, is_decoder=True, num_labels=3)),
    dict(case_id="t5-tiny-is-decoder", model_type="t5", architecture="T5ForConditionalGeneration",
         source="is_decoder true changes nothing in an encoder-decoder head (its encoder config sets it false)",
         config=dict(TINY, is_decoder=True)),
    dict(case_id="t5-tiny-seqcls-is-decoder", model_type="t5", architecture="T5ForSequenceClassification",
         source="is_decoder true changes nothing in sequence classification (it wraps T5Model)",
         config=dict(TINY, is_decoder=True)),
]
