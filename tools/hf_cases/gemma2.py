"""Gemma2: defaults (= Gemma-2-2B), Gemma-2-2B/9B/27B as published, every head, every option."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16)

COMMON = dict(attention_bias=False, attention_dropout=0.0, attn_logit_softcapping=50.0, bos_token_id=2,
              cache_implementation="hybrid", eos_token_id=1, final_logit_softcapping=30.0,
              hidden_act="gelu_pytorch_tanh", hidden_activation="gelu_pytorch_tanh", initializer_range=0.02,
              max_position_embeddings=8192, pad_token_id=0, rms_norm_eps=1e-06, rope_theta=10000.0,
              sliding_window=4096, torch_dtype="float32", use_cache=True, vocab_size=256000)

CASES = [
    dict(case_id="gemma2-defaults", model_type="gemma2", config={}, architecture="Gemma2ForCausalLM",
         source="Gemma2Config() defaults (Gemma-2-2B)", expected_params=2614341888),
    dict(case_id="gemma2-2b", model_type="gemma2", architecture="Gemma2ForCausalLM",
         source="google/gemma-2-2b config.json", expected_params=2614341888,
         config=dict(COMMON, head_dim=256, hidden_size=2304, intermediate_size=9216, num_attention_heads=8,
                     num_hidden_layers=26, num_key_value_heads=4, query_pre_attn_scalar=256)),
    dict(case_id="gemma2-9b", model_type="gemma2", architecture="Gemma2ForCausalLM",
         source="google/gemma-2-9b config.json", expected_params=9241705984,
         config=dict(COMMON, head_dim=256, hidden_size=3584, intermediate_size=14336, num_attention_heads=16,
                     num_hidden_layers=42, num_key_value_heads=8, query_pre_attn_scalar=256,
                     sliding_window_size=4096)),
    dict(case_id="gemma2-27b", model_type="gemma2", architecture="Gemma2ForCausalLM",
         source="google/gemma-2-27b config.json (head_dim 128 != 4608 / 32)", expected_params=27227128320,
         config=dict(COMMON, head_dim=128, hidden_size=4608, intermediate_size=36864, num_attention_heads=32,
                     num_hidden_layers=46, num_key_value_heads=16, query_pre_attn_scalar=144,
                     sliding_window_size=4096)),
    dict(case_id="gemma2-tiny-options", model_type="gemma2", architecture="Gemma2ForCausalLM",
         source="every option flipped: attention biases, untied lm_head, head_dim 24, MHA",
         config=dict(TINY, num_key_value_heads=4, head_dim=24, attention_bias=True, tie_word_embeddings=False)),
    dict(case_id="gemma2-tiny-mqa", model_type="gemma2", architecture="Gemma2ForCausalLM",
         source="MQA, tied by default", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="gemma2-tiny-model", model_type="gemma2", architecture="Gemma2Model",
         source="base model; head_dim left at its default 256 (not hidden_size / heads)",
         config={k: v for k, v in TINY.items() if k != "head_dim"}),
    dict(case_id="gemma2-tiny-seqcls", model_type="gemma2", architecture="Gemma2ForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="gemma2-tiny-tokcls", model_type="gemma2", architecture="Gemma2ForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="gemma2-tiny-tokcls-nobias", model_type="gemma2", architecture="Gemma2ForTokenClassification",
         source="token classification without score bias",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
]
