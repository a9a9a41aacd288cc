"""Cohere2: defaults, Command R7B as published, both heads, every option."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, sliding_window=8)

CASES = [
    dict(case_id="cohere2-defaults", model_type="cohere2", config={}, architecture="Cohere2ForCausalLM",
         source="Cohere2Config() defaults"),
    dict(case_id="cohere2-command-r7b", model_type="cohere2", architecture="Cohere2ForCausalLM",
         source="CohereForAI/c4ai-command-r7b-12-2024 config.json",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=5, eos_token_id=255001,
                     head_dim=128, hidden_act="silu", hidden_size=4096, initializer_range=0.02,
                     intermediate_size=14336, layer_norm_eps=1e-05, layer_switch=4, logit_scale=0.25,
                     max_position_embeddings=132096, num_attention_heads=32, num_hidden_layers=32,
                     num_key_value_heads=8, order_of_interleaved_layers="local_attn_first", pad_token_id=0,
                     position_embedding_type="rope_gptj", rope_scaling=None, rope_theta=50000,
                     rotary_pct=1.0, sliding_window=4096, sliding_window_pattern=4, torch_dtype="bfloat16",
                     use_cache=True, use_embedding_sharing=True, use_gated_activation=True,
                     use_parallel_block=True, use_parallel_embedding=True, vocab_size=256000)),
    dict(case_id="cohere2-tiny-options", model_type="cohere2", architecture="Cohere2ForCausalLM",
         source="every option flipped: attention biases, untied embeddings, MHA, pattern 2",
         config=dict(TINY, num_key_value_heads=4, attention_bias=True, tie_word_embeddings=False,
                     sliding_window_pattern=2)),
    dict(case_id="cohere2-tiny-mqa", model_type="cohere2", architecture="Cohere2ForCausalLM",
         source="MQA", config=dict(TINY, num_key_value_heads=1)),
    dict(case_id="cohere2-tiny-nowindow", model_type="cohere2", architecture="Cohere2ForCausalLM",
         source="sliding_window null: no layer slides (transformers' forward fails on it: no KV figure)",
         config=dict(TINY, sliding_window=None)),
    dict(case_id="cohere2-tiny-headdim", model_type="cohere2", architecture="Cohere2ForCausalLM",
         source="a config head_dim is overwritten by hidden_size // num_attention_heads",
         config=dict(TINY, head_dim=32)),
    dict(case_id="cohere2-tiny-model", model_type="cohere2", architecture="Cohere2Model",
         source="base model, kv heads null (MHA)", config=dict(TINY, num_key_value_heads=None)),
]
