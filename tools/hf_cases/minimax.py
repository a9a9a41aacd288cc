"""MiniMax (MiniMax-Text-01): defaults, MiniMax-Text-01 as published (80 layers, every 8th full attention),
every head, and the options the template reads (a config's layer_types, block_size, head_dim, GQA, sliding
window, the num_experts alias, tied embeddings)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, num_local_experts=4, num_experts_per_tok=2, block_size=8)

CASES = [
    dict(case_id="minimax-defaults", model_type="minimax", config={}, architecture="MiniMaxForCausalLM",
         source="MiniMaxConfig() defaults (layer_types null: even layers full attention, odd lightning)"),
    dict(case_id="minimax-text-01", model_type="minimax", architecture="MiniMaxForCausalLM",
         source="MiniMaxAI/MiniMax-Text-01-hf config.json, its architecture keys: 80 layers, lightning attention"
                " with a softmax layer every 8th (attn_type_list as layer_types), 32 experts top-2",
         config=dict(vocab_size=200064, hidden_size=6144, intermediate_size=9216, num_hidden_layers=80,
                     num_attention_heads=64, num_key_value_heads=8, head_dim=128, num_local_experts=32,
                     num_experts_per_tok=2, block_size=256, max_position_embeddings=10240000,
                     rms_norm_eps=1e-05, tie_word_embeddings=False,
                     layer_types=["full_attention" if (i + 1) % 8 == 0 else "linear_attention" for i in range(80)])),
    dict(case_id="minimax-tiny", model_type="minimax", architecture="MiniMaxForCausalLM",
         source="four layers alternating full / lightning, top-2 of 4, block_size 8", config=dict(TINY)),
    dict(case_id="minimax-tiny-options", model_type="minimax", architecture="MiniMaxForCausalLM",
         source="own layer_types (lightning, lightning, full, lightning, full), head_dim 24, MQA, sliding window 16,"
                " block_size 5, the num_experts alias (wins over num_local_experts), top-1, tied embeddings",
         config=dict(TINY, num_hidden_layers=5, head_dim=24, num_key_value_heads=1, sliding_window=16, block_size=5,
                     num_experts=3, num_experts_per_tok=1, tie_word_embeddings=True,
                     layer_types=["linear_attention", "linear_attention", "full_attention", "linear_attention",
                                  "full_attention"])),
    dict(case_id="minimax-tiny-model", model_type="minimax", architecture="MiniMaxModel",
         source="base model", config=dict(TINY)),
    dict(case_id="minimax-tiny-seq-cls", model_type="minimax", architecture="MiniMaxForSequenceClassification",
         source="sequence classification head", config=dict(TINY, num_labels=3)),
    dict(case_id="minimax-tiny-token-cls", model_type="minimax", architecture="MiniMaxForTokenClassification",
         source="token classification head", config=dict(TINY)),
    dict(case_id="minimax-tiny-qa", model_type="minimax", architecture="MiniMaxForQuestionAnswering",
         source="extractive QA head", config=dict(TINY)),
]
